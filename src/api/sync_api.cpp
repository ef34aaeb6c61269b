// GET /api/sync (the user's sync states) and POST /api/sync (start a sync now, in the background).
#include <nlohmann/json.hpp>

#include "api/app.hpp"
#include "api/auth_guard.hpp"
#include "api/json_body.hpp"
#include "domain/time.hpp"
#include "http/errors.hpp"
#include "sync/background_syncs.hpp"

namespace vm::api {
namespace {

using nlohmann::json;

const char* kSyncTypes[] = {"calls", "assistants"};

json stateToJson(const store::SyncState& s) {
  return {{"syncType", s.syncType},
          {"lastSyncTimestamp",
           s.lastSyncTimestampMs > 0 ? json(domain::formatIsoMs(s.lastSyncTimestampMs)) : json(nullptr)},
          {"syncStatus", s.syncStatus},
          {"errorMessage", s.errorMessage.empty() ? json(nullptr) : json(s.errorMessage)},
          {"syncedCount", s.syncedCount}};
}

}  // namespace

void registerSyncRoutes(Routes& routes, AppContext& app) {
  routes.add(
      "GET", "/api/sync",
      [&app](http::Request& req, const Principal& who, const std::shared_ptr<http::Responder>& res) {
        const auto& user = who.user;
        auto states = app.store.syncStates(user.id);
        json syncs = json::array();
        // Both types always appear, "" status meaning never run, so the dashboard has a row to show.
        for (const char* type : kSyncTypes) {
          store::SyncState state;
          state.syncType = type;
          for (const auto& s : states)
            if (s.syncType == type) state = s;
          syncs.push_back(stateToJson(state));
        }
        res->send(jsonOk(json{{"syncs", std::move(syncs)}}));
      },
      Access::user());

  routes.add(
      "POST", "/api/sync",
      [&app](http::Request& req, const Principal& who, const std::shared_ptr<http::Responder>& res) {
        const auto& user = who.user;
        auto key = requireVapiKey(app, user.id);
        switch (app.backgroundSyncs->start(user.id, key)) {
          case sync::StartResult::Started:
            res->send(jsonOk(json{{"started", true}}, 202));
            return;
          case sync::StartResult::AlreadyRunning:
            throw http::conflict("a sync is already running");
          case sync::StartResult::ShuttingDown:
            throw http::unavailable("the server is shutting down");
        }
      },
      Access::user());
}

}  // namespace vm::api
