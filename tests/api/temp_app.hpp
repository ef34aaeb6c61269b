// An AppContext over a temporary SQLite store, for in-process API tests (no server process).
#pragma once

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "api/app.hpp"
#include "store/store.hpp"
#include "sync/background_syncs.hpp"

namespace vm::api::testing {

class TempApp {
 public:
  explicit TempApp(const std::string& name)
      : dir_(std::filesystem::temp_directory_path() / ("vm-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(dir_);
    store::StoreOptions options;
    options.url = (dir_ / "vm.db").string();
    db_ = store::openStore(options);
    app_ = std::make_unique<AppContext>(AppContext{*db_, events_, AppConfig{}});
    makeSharedParts(*app_, syncLocks_, sync::SyncOptions{});
  }
  ~TempApp() {
    // What writes to the store stops before it closes, as in `serve`.
    stopSharedParts(*app_);
    app_.reset();
    db_->close();
    std::filesystem::remove_all(dir_);
  }
  AppContext& app() { return *app_; }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<store::Store> db_;
  EventHub events_;
  sync::UserLocks syncLocks_;
  std::unique_ptr<AppContext> app_;
};

}  // namespace vm::api::testing
