// /api/assistants: the user's VAPI assistants, passed through to VAPI with the user's key.
// Every VAPI request runs on a small worker pool and answers through the Responder, so a slow VAPI
// never holds an HTTP thread. Its failures (vapi::Error) are answered through the api error table.
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "api/app.hpp"
#include "api/auth_guard.hpp"
#include "api/errors.hpp"
#include "api/json_body.hpp"
#include "api/public_url.hpp"
#include "auth/secrets.hpp"
#include "http/errors.hpp"
#include "vapi/assistant_patch.hpp"
#include "vapi/rest_client.hpp"
#include "vapi/worker_pool.hpp"

namespace vm::api {
namespace {

using nlohmann::json;

const char* kRequiredServerMessages[] = {"end-of-call-report", "status-update"};

// Runs `work` with a client for the user's key on the pool; its result (or error) is the answer.
void onVapi(AppContext& app, const http::Request& req, const std::shared_ptr<http::Responder>& res,
            std::string key, std::function<http::Response(vapi::RestClient&)> work) {
  auto options = app.config.vapiClient;
  std::string what = req.method + " " + req.route;
  bool queued = app.vapiPool->submit([res, key = std::move(key), options, work = std::move(work), what] {
    try {
      vapi::RestClient client(options, key);
      res->send(work(client));
    } catch (...) {
      sendCurrentError(res, what);
    }
  });
  if (!queued) throw http::unavailable("too many VAPI requests in progress, retry shortly");
}

// The base URL VAPI should call (api/public_url.hpp), checked before it is written into an assistant.
std::string connectBase(const AppContext& app, const http::Request& req) {
  std::string base = publicBaseUrl(app, req);
  if (base.empty()) throw http::unprocessable("cannot tell this server's public URL: set --public-url");
  if (!vapi::isHttpUrl(base))
    throw http::unprocessable("the public URL is not an http(s) URL: check --public-url");
  return base;
}

json connectPatch(const json& current, const std::string& webhookUrl, const std::string& secret) {
  json server =
      current.contains("server") && current["server"].is_object() ? current["server"] : json::object();
  server["url"] = webhookUrl;
  if (!secret.empty()) {
    json headers =
        server.contains("headers") && server["headers"].is_object() ? server["headers"] : json::object();
    headers["X-Vapi-Secret"] = secret;
    server["headers"] = std::move(headers);
  }
  json messages = current.contains("serverMessages") && current["serverMessages"].is_array()
                      ? current["serverMessages"]
                      : json::array();
  for (const char* needed : kRequiredServerMessages) {
    bool present = false;
    for (const auto& m : messages) present = present || (m.is_string() && m.get<std::string>() == needed);
    if (!present) messages.push_back(needed);
  }
  return {{"server", std::move(server)}, {"serverMessages", std::move(messages)}};
}

void handleConnect(AppContext& app, http::Request& req, const Principal& who,
                   const std::shared_ptr<http::Responder>& res) {
  const auto& user = who.user;
  auto key = requireVapiKey(app, user.id);
  std::string secret;
  if (!req.body.empty()) secret = stringField(parseJsonObject(req), "webhookSecret");
  // Only the hash is stored, so the secret can be sent only when the dashboard has it, and must match:
  // a wrong header in VAPI would silently break every webhook.
  if (!secret.empty() && !auth::constantTimeEquals(auth::hashSecret(secret), user.webhookSecretHash))
    throw http::unprocessable("webhookSecret is not this account's current webhook secret");
  const std::string webhookUrl = connectBase(app, req) + "/webhook/vapi/" + user.hookId;
  const std::string id = req.params["id"];
  onVapi(app, req, res, key, [id, webhookUrl, secret](vapi::RestClient& client) {
    auto current = client.getAssistant(id);
    auto updated = client.updateAssistant(id, connectPatch(current, webhookUrl, secret));
    json body = {{"assistant", updated}, {"webhookUrl", webhookUrl}, {"secretHeaderSet", !secret.empty()}};
    if (secret.empty())
      body["note"] =
          "The assistant now sends its calls to Voice Matrix, but without the webhook secret they are "
          "rejected: "
          "in VAPI, add the header X-Vapi-Secret with your webhook secret to the assistant's server settings "
          "(or connect again with {\"webhookSecret\": ...}).";
    return jsonOk(body);
  });
}

void handlePatch(AppContext& app, http::Request& req, const Principal& who,
                 const std::shared_ptr<http::Responder>& res) {
  const auto& user = who.user;
  auto key = requireVapiKey(app, user.id);
  auto body = parseJsonObject(req);
  if (body.empty()) throw http::unprocessable("no fields to update");
  vapi::validateAssistantFields(body);
  const std::string id = req.params["id"];
  onVapi(app, req, res, key, [id, body](vapi::RestClient& client) {
    json patch = body;
    // Partial nested edits (model.temperature alone) need the rest of the object VAPI would replace.
    if (body.contains("model") || body.contains("voice"))
      patch = vapi::completeNestedPatch(client.getAssistant(id), body);
    return jsonOk(client.updateAssistant(id, patch));
  });
}

}  // namespace

void registerAssistantRoutes(Routes& routes, AppContext& app) {
  routes.add(
      "GET", "/api/assistants",
      [&app](http::Request& req, const Principal& who, const std::shared_ptr<http::Responder>& res) {
        const auto& user = who.user;
        onVapi(app, req, res, requireVapiKey(app, user.id), [](vapi::RestClient& client) {
          auto list = client.listAssistants();
          if (!list.is_array())
            throw vapi::Error(vapi::ErrorKind::Upstream, 200,
                              "VAPI answered GET /assistant with something other than a list");
          return jsonOk(json{{"assistants", std::move(list)}});
        });
      },
      Access::user());
  routes.add(
      "POST", "/api/assistants",
      [&app](http::Request& req, const Principal& who, const std::shared_ptr<http::Responder>& res) {
        const auto& user = who.user;
        auto key = requireVapiKey(app, user.id);
        auto body = parseJsonObject(req);
        vapi::validateAssistantFields(body);
        onVapi(app, req, res, key,
               [body](vapi::RestClient& client) { return jsonOk(client.createAssistant(body), 201); });
      },
      Access::user());
  routes.add(
      "GET", "/api/assistants/:id",
      [&app](http::Request& req, const Principal& who, const std::shared_ptr<http::Responder>& res) {
        const auto& user = who.user;
        std::string id = req.params["id"];
        onVapi(app, req, res, requireVapiKey(app, user.id),
               [id](vapi::RestClient& client) { return jsonOk(client.getAssistant(id)); });
      },
      Access::user());
  routes.add(
      "PATCH", "/api/assistants/:id",
      [&app](http::Request& req, const Principal& who, const std::shared_ptr<http::Responder>& res) {
        handlePatch(app, req, who, res);
      },
      Access::user());
  routes.add(
      "DELETE", "/api/assistants/:id",
      [&app](http::Request& req, const Principal& who, const std::shared_ptr<http::Responder>& res) {
        const auto& user = who.user;
        std::string id = req.params["id"];
        onVapi(app, req, res, requireVapiKey(app, user.id),
               [id](vapi::RestClient& client) { return jsonOk(client.deleteAssistant(id)); });
      },
      Access::user());
  routes.add(
      "POST", "/api/assistants/:id/connect",
      [&app](http::Request& req, const Principal& who, const std::shared_ptr<http::Responder>& res) {
        handleConnect(app, req, who, res);
      },
      Access::user());
}

}  // namespace vm::api
