// The user's API tokens: GET /api/tokens, POST /api/tokens {name} (the token is shown once),
// DELETE /api/tokens/<id>. Only hashes are stored; ids are not secret.
#include <nlohmann/json.hpp>

#include "api/app.hpp"
#include "api/auth_guard.hpp"
#include "api/json_body.hpp"
#include "auth/secrets.hpp"
#include "domain/time.hpp"
#include "http/errors.hpp"

namespace vm::api {

void registerTokenRoutes(Routes& routes, AppContext& app) {
  routes.add(
      "GET", "/api/tokens",
      [&app](http::Request& req, const Principal& who, const std::shared_ptr<http::Responder>& res) {
        const auto& user = who.user;
        nlohmann::json tokens = nlohmann::json::array();
        for (const auto& t : app.store.listApiTokens(user.id)) {
          tokens.push_back({{"id", t.id},
                            {"name", t.name},
                            {"createdAt", domain::isoOrEmpty(t.createdAtMs)},
                            {"lastUsedAt", t.lastUsedMs > 0 ? nlohmann::json(domain::isoOrEmpty(t.lastUsedMs))
                                                            : nlohmann::json()}});
        }
        res->send(jsonOk(nlohmann::json{{"tokens", std::move(tokens)}}));
      },
      Access::user());

  routes.add(
      "POST", "/api/tokens",
      [&app](http::Request& req, const Principal& who, const std::shared_ptr<http::Responder>& res) {
        const auto& user = who.user;
        auto body = parseJsonObject(req);
        std::string name = stringField(body, "name");
        if (name.empty()) name = "token";
        if (name.size() > 100) throw http::unprocessable("name must be at most 100 characters");
        std::string token = "vm_" + auth::randomToken(24);
        std::string hash = auth::hashSecret(token);
        app.store.addApiToken(user.id, hash, name);
        auto r =
            jsonOk(nlohmann::json{{"id", store::apiTokenIdFor(hash)}, {"name", name}, {"token", token}}, 201);
        r.header("Cache-Control", "no-store");
        res->send(std::move(r));
      },
      Access::user());

  routes.add(
      "DELETE", "/api/tokens/:id",
      [&app](http::Request& req, const Principal& who, const std::shared_ptr<http::Responder>& res) {
        const auto& user = who.user;
        // Scoped by user: another user's token id is "not found", exactly like a made-up one.
        if (!app.store.deleteApiToken(user.id, req.params["id"])) throw http::notFound("token not found");
        res->send(jsonOk(nlohmann::json{{"ok", true}}));
      },
      Access::user());
}

}  // namespace vm::api
