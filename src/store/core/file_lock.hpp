// An advisory lock on a file (flock), shared or exclusive, never waiting: how SQLite deployments tell
// whether a server runs on a database (Store::holdServing) without any SQL.
#pragma once

#include <memory>
#include <string>

#include "store/store.hpp"

namespace vm::store::core {

enum class FileLockMode { Shared, Exclusive };

// The held lock (released when destroyed, or when the process ends), or nullptr when the other mode
// holds it. The file is created when missing. Throws when the file cannot be opened.
std::unique_ptr<ServingLock> lockFile(const std::string& path, FileLockMode mode);

}  // namespace vm::store::core
