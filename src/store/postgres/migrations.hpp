// The PostgreSQL schema, as versioned migrations. Several instances may start at once: migrate() runs
// them under a transaction-level advisory lock, so one applies them and the others then see them applied.
#pragma once

#include "store/postgres/connection.hpp"

namespace vm::store::postgres {

int latestSchemaVersion();
// Applies every migration newer than the database's version, in one transaction. Throws when the
// database is newer than this build.
void migrate(Connection& db);

}  // namespace vm::store::postgres
