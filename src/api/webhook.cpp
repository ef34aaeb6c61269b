// POST /webhook/vapi/<hookId> and POST /webhook/vapi: VAPI's server messages in, stored calls out.
// The answer (200) is sent only after the store reports the event's batch durably committed.
#include <spdlog/spdlog.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "api/app.hpp"
#include "api/call_json.hpp"
#include "api/json_body.hpp"
#include "api/webhook_auth.hpp"
#include "http/errors.hpp"
#include "http/metrics.hpp"
#include "vapi/webhook_parser.hpp"

namespace vm::api {
namespace {

const char* kOk = R"({"ok":true})";

// VAPI's largest messages are end-of-call reports: ~660 bytes per second of call in the examples
// (tests/fixtures/vapi), the transcript in four copies; 4 MiB is a call of well over an hour. A longer
// call's report is refused here and its call still arrives by the sync (GET /call). Below the server's
// --max-body, which other routes (imports) need.
constexpr std::size_t kMaxWebhookBodyBytes = 4 * 1024 * 1024;

void checkBodySize(const http::Request& req) {
  if (req.body.size() > kMaxWebhookBodyBytes)
    throw http::payloadTooLarge("a webhook body may be at most 4 MiB; longer calls arrive by the sync");
}

void rejectParseFailure(const vapi::ParsedWebhook& parsed) {
  switch (parsed.status) {
    case vapi::ParseStatus::BadJson:
      throw http::badRequest("request body is not valid JSON");
    case vapi::ParseStatus::NotObject:
      throw http::badRequest("request body must be a JSON object");
    case vapi::ParseStatus::MissingType:
      throw http::badRequest("request body has no message.type");
    case vapi::ParseStatus::MissingCallId:
      throw http::badRequest("message has no call.id");
    case vapi::ParseStatus::BadId:
      throw http::badRequest(parsed.error);  // names the field and what an id may hold
    default:
      return;
  }
}

// Stores the parsed event (if any) for `user` and answers once it is durable.
void storeAndAnswer(AppContext& app, const domain::User& user, vapi::ParsedWebhook parsed,
                    const std::shared_ptr<http::Responder>& res) {
  app.metrics->countWebhook(parsed.messageType.empty() ? "unknown" : parsed.messageType);
  if (parsed.status == vapi::ParseStatus::Ignored || !parsed.event) {
    res->send(http::jsonResponse(200, kOk));
    return;
  }
  auto start = std::chrono::steady_clock::now();
  std::string userId = user.id;
  app.store.applyAsync(
      userId, std::move(*parsed.event),
      [&app, res, start, userId](std::exception_ptr error, const store::ApplyResult* result) {
        if (error) {
          try {
            std::rethrow_exception(error);
          } catch (const std::exception& e) {
            spdlog::error("webhook store failed: {}", e.what());
          } catch (...) {
          }
          // Not stored: 503 makes VAPI (when retries are configured) send it again.
          res->send(http::errorResponse(503, "could not store the call, retry later"));
          return;
        }
        std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        app.metrics->observeCommitSeconds(took.count());
        res->send(http::jsonResponse(200, kOk));
        // On the writer thread: only a small copy is queued; the event is built on the notifier's thread.
        if (result && result->changed) app.events.callChanged(userId, result->call);
      });
}

void checkContentType(const http::Request& req) {
  if (!isJsonContentType(req.header("content-type"))) throw http::unsupportedMediaType();
}

}  // namespace

void registerWebhookRoutes(Routes& routes, AppContext& app) {
  auto& identities = *app.webhookIdentities;

  // The hook id names the user: authenticated before the body is even looked at.
  routes.add(
      "POST", "/webhook/vapi/:hookId",
      [&app, &identities](http::Request& req, const Principal& who,
                          const std::shared_ptr<http::Responder>& res) {
        auto identity = identities.byHookId(req.params["hookId"]);
        if (!identity) throw http::notFound("unknown webhook");
        checkWebhookAuth(req, *identity, app);
        checkContentType(req);
        checkBodySize(req);
        auto parsed = vapi::parseWebhook(req.body);
        rejectParseFailure(parsed);
        storeAndAnswer(app, identity->user, std::move(parsed), res);
      },
      Access::webhook());

  // Without a hook id the user is found by VAPI's org id: an indexed lookup, never a scan of users. The
  // org id is first found by a scan of the text (no parse, no allocation), so that a stranger's body is
  // refused before it costs a parse; the parsed org id decides in the end.
  routes.add(
      "POST", "/webhook/vapi",
      [&app, &identities](http::Request& req, const Principal& who,
                          const std::shared_ptr<http::Responder>& res) {
        checkContentType(req);
        checkBodySize(req);
        const std::string scannedOrgId = vapi::findOrgId(req.body);
        if (scannedOrgId.empty())
          throw http::notFound("message.call.orgId is missing: use the webhook URL with your hook id");
        auto identity = identities.byOrgId(scannedOrgId);
        if (!identity) throw http::notFound("unknown orgId");
        checkWebhookAuth(req, *identity, app);

        auto parsed = vapi::parseWebhook(req.body);
        rejectParseFailure(parsed);
        if (parsed.orgId.empty())
          throw http::notFound("message.call.orgId is missing: use the webhook URL with your hook id");
        if (parsed.orgId != scannedOrgId) {
          // The first orgId of the text was another object's: the message's own org must authenticate.
          identity = identities.byOrgId(parsed.orgId);
          if (!identity) throw http::notFound("unknown orgId");
          checkWebhookAuth(req, *identity, app);
        }
        storeAndAnswer(app, identity->user, std::move(parsed), res);
      },
      Access::webhook());
}

}  // namespace vm::api
