// A Voice Matrix account. Secrets are never held in clear here: only hashes or ciphertext.
#pragma once

#include <cstdint>
#include <string>

namespace vm::domain {

struct User {
  std::string id;     // random, url-safe
  std::string email;  // normalized (trimmed, lower-case)
  std::string vapiOrgId;
  std::string hookId;             // the path segment of /webhook/vapi/<hookId>
  std::string webhookSecretHash;  // hex of a keyed hash of the webhook secret
  std::int64_t createdAtMs = 0;
};

}  // namespace vm::domain
