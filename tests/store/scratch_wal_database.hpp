// A fresh WAL-mode SQLite database in a temporary directory of its own, removed afterwards, with the
// connection that writes it: for tests of the SQLite store's parts below the Store interface.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>

#include "store/sqlite/connection.hpp"

namespace vm::store::sqlite::testing {

class ScratchWalDatabase {
 public:
  ScratchWalDatabase() {
    std::string pattern = (std::filesystem::temp_directory_path() / "vm-sqlite-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    path_ = (dir_ / "vm.db").string();
    writer_ = std::make_unique<Connection>(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    writer_->exec("PRAGMA journal_mode = WAL");
  }
  ~ScratchWalDatabase() {
    writer_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  ScratchWalDatabase(const ScratchWalDatabase&) = delete;
  ScratchWalDatabase& operator=(const ScratchWalDatabase&) = delete;

  Connection& writer() { return *writer_; }
  const std::string& path() const { return path_; }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  std::string path_;
  std::unique_ptr<Connection> writer_;
};

}  // namespace vm::store::sqlite::testing
