// How a domain::User maps to the columns of `users`, for every backend (see call_columns.hpp).
#pragma once

#include "domain/user.hpp"
#include "store/core/call_columns.hpp"  // columnCount

namespace vm::store {

// Columns in the order of readUserColumns and writeUserColumns; the second list is the same for a query
// that joins `users u` with a table that has columns of the same names.
#define VM_USER_COLUMNS "id, email, vapi_org_id, hook_id, webhook_secret_hash, created_at_ms"
#define VM_JOINED_USER_COLUMNS \
  "u.id, u.email, u.vapi_org_id, u.hook_id, u.webhook_secret_hash, u.created_at_ms"

inline constexpr int kUserColumnCount = 6;
static_assert(columnCount(VM_USER_COLUMNS) == kUserColumnCount &&
                  columnCount(VM_JOINED_USER_COLUMNS) == kUserColumnCount,
              "the user column lists and kUserColumnCount differ");

// Reads a row selected with VM_USER_COLUMNS (from column 0); `row` as for readCallColumns.
template <class Row>
domain::User readUserColumns(const Row& row) {
  domain::User user;
  user.id = row.text(0);
  user.email = row.text(1);
  user.vapiOrgId = row.text(2);
  user.hookId = row.text(3);
  user.webhookSecretHash = row.text(4);
  user.createdAtMs = row.integer(5);
  return user;
}

// Hands the user's kUserColumnCount values to `out` in VM_USER_COLUMNS order; `out` as for writeCallColumns.
template <class Out>
void writeUserColumns(const domain::User& user, Out&& out) {
  out.text(user.id);
  out.text(user.email);
  out.text(user.vapiOrgId);
  out.text(user.hookId);
  out.text(user.webhookSecretHash);
  out.integer(user.createdAtMs);
}

}  // namespace vm::store
