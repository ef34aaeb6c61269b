#include "store_fixture.hpp"

#include <libpq-fe.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <vector>

#include "domain/time.hpp"

namespace vm::store::testing {
namespace {

// Runs one fixed statement on the test server; fails the test when it fails.
void pgExec(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  ASSERT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  PGresult* res = PQexec(conn, sql.c_str());
  EXPECT_EQ(PQresultStatus(res), PGRES_COMMAND_OK) << PQresultErrorMessage(res);
  PQclear(res);
  PQfinish(conn);
}

}  // namespace

void StoreTest::SetUp() {
  std::random_device rd;
  prefix_ = "t" + std::to_string(rd()) + "_";
  if (GetParam() == "sqlite") {
    std::string pattern = (std::filesystem::temp_directory_path() / "vm-store-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    url_ = "sqlite:" + dir_ + "/voicematrix.db";
  } else {
    // A fresh schema per test, named in the URL so that every pooled connection of the store (and any
    // store the test opens again) uses it: tests start empty and leave nothing behind.
    schema_ = "vm_test_" + std::to_string(rd()) + std::to_string(rd());
    ASSERT_NO_FATAL_FAILURE(pgExec(GetParam(), "CREATE SCHEMA " + schema_));
    url_ = GetParam() + (GetParam().find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
           schema_;
  }
  store_ = open();
}

void StoreTest::TearDown() {
  store_.reset();
  if (!dir_.empty()) std::filesystem::remove_all(dir_);
  if (!schema_.empty())
    pgExec(GetParam(), "SET client_min_messages = warning; DROP SCHEMA " + schema_ + " CASCADE");
}

std::unique_ptr<Store> StoreTest::open(bool synchronousFull) {
  StoreOptions options;
  options.url = url_;
  options.synchronousFull = synchronousFull;
  return openStore(options);
}

domain::User StoreTest::makeUser(const std::string& tag) {
  NewUser user;
  user.id = prefix_ + tag;
  user.email = prefix_ + tag + "@example.com";
  user.hookId = prefix_ + tag + "-hook";
  user.webhookSecretHash = "hash-" + tag;
  return store_->createUser(user);
}

std::int64_t pgCount(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  std::int64_t value = -1;
  EXPECT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  PGresult* res = PQexec(conn, sql.c_str());
  EXPECT_EQ(PQresultStatus(res), PGRES_TUPLES_OK) << PQresultErrorMessage(res);
  if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
    value = std::stoll(PQgetvalue(res, 0, 0));
  PQclear(res);
  PQfinish(conn);
  return value;
}

std::string iso(std::int64_t ms) { return domain::formatIsoMs(ms); }

domain::CallEvent statusUpdate(const std::string& vapiCallId, domain::CallStatus status,
                               std::int64_t startedMs) {
  domain::CallEvent ev;
  ev.vapiCallId = vapiCallId;
  ev.source = domain::EventSource::StatusUpdate;
  ev.status = status;
  ev.startedAt = iso(startedMs);
  ev.createdAt = iso(startedMs - 1000);
  ev.assistantId = "asst-1";
  ev.callerPhone = "+15550100";
  return ev;
}

domain::CallEvent endOfCallReport(const std::string& vapiCallId, const Report& r) {
  domain::CallEvent ev;
  ev.vapiCallId = vapiCallId;
  ev.source = domain::EventSource::EndOfCallReport;
  ev.status = domain::CallStatus::Ended;
  ev.startedAt = iso(r.startedMs);
  ev.endedAt = iso(r.endedMs);
  ev.endedReason = r.endedReason;
  ev.cost = r.cost;
  ev.durationSeconds = static_cast<double>(r.endedMs - r.startedMs) / 1000.0;
  ev.summary = r.summary;
  ev.transcript = r.transcript;
  ev.assistantId = r.assistantId;
  ev.successEvaluation = r.successEvaluation;
  if (!r.intent.empty()) ev.structuredDataJson = R"({"intent":")" + r.intent + R"("})";
  ev.rawReportJson = R"({"message":{"type":"end-of-call-report"}})";
  return ev;
}

namespace {

std::vector<std::string> storeUrls() {
  std::vector<std::string> urls = {"sqlite"};
  if (const char* pg = std::getenv("VM_TEST_PG_URL"); pg && *pg) urls.emplace_back(pg);
  return urls;
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Stores, StoreTest, ::testing::ValuesIn(storeUrls()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param == "sqlite" ? std::string("SQLite") : std::string("PostgreSQL");
                         });

}  // namespace vm::store::testing
