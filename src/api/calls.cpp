// GET /api/calls (filters, full-text search, keyset paging), GET /api/calls/<callId>, and
// GET /api/calls/export (the filtered set as CSV or JSON, streamed page by page).
#include <spdlog/spdlog.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "api/app.hpp"
#include "api/auth_guard.hpp"
#include "api/call_json.hpp"
#include "api/csv.hpp"
#include "api/json_body.hpp"
#include "api/query_params.hpp"
#include "domain/outcome.hpp"
#include "http/errors.hpp"

namespace vm::api {
namespace {

void handleList(AppContext& app, http::Request& req, const Principal& who,
                const std::shared_ptr<http::Responder>& res) {
  const auto& user = who.user;
  auto query = callQueryFrom(req);
  query.cursor = cursorParam(req);
  auto page = app.store.listCalls(user.id, query);
  nlohmann::json calls = nlohmann::json::array();
  for (const auto& call : page.calls) calls.push_back(callToJson(call, false));
  nlohmann::json body = {
      {"calls", std::move(calls)},
      {"nextCursor",
       page.nextCursor ? nlohmann::json(store::encodeCursor(*page.nextCursor)) : nlohmann::json(nullptr)}};
  res->send(jsonOk(body));
}

void handleGet(AppContext& app, http::Request& req, const Principal& who,
               const std::shared_ptr<http::Responder>& res) {
  const auto& user = who.user;
  auto call = app.store.getCall(user.id, req.params["callId"]);
  if (!call) throw http::notFound("call not found");
  res->send(jsonOk(callToJson(*call, true)));
}

const std::vector<std::string> kCsvColumns = {
    "callId",       "vapiCallId", "timestamp",    "duration", "callerName",  "callerPhone", "outcome",
    "outcomeLabel", "successful", "satisfaction", "cost",     "assistantId", "summary",     "endedReason",
    "status",       "startedAt",  "endedAt",      "type",     "intent",      "recordingUrl"};

std::string csvRow(const nlohmann::json& call) {
  std::vector<CsvCell> cells;
  cells.reserve(kCsvColumns.size());
  for (const auto& column : kCsvColumns) {
    const auto& v = call[column];
    if (v.is_string())
      cells.push_back({v.get<std::string>(), false});
    else if (v.is_null())
      cells.push_back({});
    else
      cells.push_back({v.dump(), v.is_number()});
  }
  return csvLine(cells);
}

// Streams every call matching the filters, a page at a time, waiting while the client reads slowly.
void streamExport(AppContext& app, std::string userId, store::CallQuery query, bool csv,
                  std::shared_ptr<http::Stream> out) {
  try {
    query.limit = 500;
    query.cursor.reset();
    bool first = true;
    if (csv)
      out->write(csvLine(kCsvColumns));
    else
      out->write("[");
    while (!out->closed()) {
      auto page = app.store.listCalls(userId, query);
      std::string chunk;
      for (const auto& call : page.calls) {
        auto j = callToJson(call, csv ? false : true);
        if (csv) {
          chunk += csvRow(j);
        } else {
          if (!first) chunk += ",\n";
          chunk += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        }
        first = false;
      }
      out->write(std::move(chunk));
      if (!page.nextCursor) break;
      query.cursor = page.nextCursor;
      while (out->queuedBytes() > (1u << 20) && !out->closed())
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (!csv) out->write("]\n");
  } catch (const std::exception& e) {
    spdlog::error("export failed: {}", e.what());
  }
  out->close();
}

void handleExport(AppContext& app, http::Request& req, const Principal& who,
                  const std::shared_ptr<http::Responder>& res) {
  const auto& user = who.user;
  auto format = req.queryParam("format");
  if (format.empty()) format = "csv";
  if (format != "csv" && format != "json") throw http::unprocessable("format must be csv or json");
  auto query = callQueryFrom(req);
  bool csv = format == "csv";
  http::Response head;
  head.contentType = csv ? "text/csv; charset=utf-8" : "application/json";
  head.header("Content-Disposition", std::string("attachment; filename=\"calls.") + format + "\"")
      .header("Cache-Control", "no-store");
  auto stream = res->stream(head);
  if (!stream) return;
  // The export reads the database page by page: off the HTTP threads so other requests go on.
  std::thread(streamExport, std::ref(app), user.id, query, csv, stream).detach();
}

}  // namespace

void registerCallRoutes(Routes& routes, AppContext& app) {
  routes.add(
      "GET", "/api/calls",
      [&app](http::Request& req, const Principal& who, const std::shared_ptr<http::Responder>& res) {
        handleList(app, req, who, res);
      },
      Access::user());
  routes.add(
      "GET", "/api/calls/export",
      [&app](http::Request& req, const Principal& who, const std::shared_ptr<http::Responder>& res) {
        handleExport(app, req, who, res);
      },
      Access::user());
  routes.add(
      "GET", "/api/calls/:callId",
      [&app](http::Request& req, const Principal& who, const std::shared_ptr<http::Responder>& res) {
        handleGet(app, req, who, res);
      },
      Access::user());
}

}  // namespace vm::api
