// The SQLite schema as numbered migrations (schema_version records the ones applied).
#pragma once

#include "store/sqlite/connection.hpp"

namespace vm::store::sqlite {

// Applies every migration newer than the file's schema_version, each in its own transaction. Safe to run
// at every start-up and from several processes at once (each migration re-checks the version under the
// write lock). Throws if the file was written by a newer Voice Matrix.
void migrate(Connection& db);
// Applies the migrations up to version `upTo` only: tests of an upgrade from an older schema.
void migrate(Connection& db, int upTo);

// The highest migration this build knows.
int latestSchemaVersion();

}  // namespace vm::store::sqlite
