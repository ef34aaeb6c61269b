#include "store/store.hpp"

#include <spdlog/spdlog.h>

#include <future>
#include <memory>
#include <string_view>

#include "store/postgres/store.hpp"
#include "store/sqlite/store.hpp"

namespace vm::store {

void answerApply(const ApplyCallback& done, std::exception_ptr error, const ApplyResult& result) {
  if (!done) return;
  try {
    done(error, error ? nullptr : &result);
  } catch (const std::exception& e) {
    spdlog::error("store: an apply callback threw: {}", e.what());
  } catch (...) {
    spdlog::error("store: an apply callback threw");
  }
}

ApplyResult Store::apply(const std::string& userId, domain::CallEvent event) {
  // Shared, not on this stack: the writer thread may still be inside set_value when get() returns here.
  auto promise = std::make_shared<std::promise<ApplyResult>>();
  std::future<ApplyResult> result = promise->get_future();
  applyAsync(userId, std::move(event), [promise](std::exception_ptr error, const ApplyResult* applied) {
    if (error) {
      promise->set_exception(error);
    } else {
      promise->set_value(*applied);
    }
  });
  return result.get();
}

std::optional<std::string> sqlitePathOf(std::string_view url) {
  if (url.starts_with("postgres://") || url.starts_with("postgresql://")) return std::nullopt;
  if (url.starts_with("sqlite://")) {
    url.remove_prefix(9);
  } else if (url.starts_with("sqlite:")) {
    url.remove_prefix(7);
  }
  return std::string(url);
}

std::unique_ptr<Store> openStore(const StoreOptions& options) {
  if (auto path = sqlitePathOf(options.url)) return std::make_unique<sqlite::SqliteStore>(*path, options);
  return std::make_unique<postgres::PgStore>(options.url, options);
}

}  // namespace vm::store
