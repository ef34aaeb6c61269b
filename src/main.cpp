// voicematrix: the command line. serve | user add | analytics rebuild | migrate.
// Settings come from flags, then VM_* environment variables, then defaults.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "api/accounts.hpp"
#include "api/app.hpp"
#include "auth/oidc.hpp"
#include "auth/password.hpp"
#include "auth/secrets.hpp"
#include "auth/vault.hpp"
#include "domain/time.hpp"
#include "http/rate_limit.hpp"
#include "http/server.hpp"
#include "store/postgres/import.hpp"
#include "store/store.hpp"
#include "sync/runtime.hpp"
#include "sync/scheduler.hpp"
#include "sync/syncer.hpp"

namespace {

struct Options {
  std::string listen = "127.0.0.1:8080";
  std::string db = "./data/voicematrix.db";
  std::string logLevel = "info";
  std::string intentKey = "intent";
  std::string syncMode = "full";
  std::size_t maxBody = 16 * 1024 * 1024;
  int threads = 0;
  int headerTimeout = 20;
  int bodyTimeout = 60;
  int writeTimeout = 30;
  int maxConnections = 20000;
  int maxConnectionsPerIp = 1000;
  vm::http::RateLimitOptions rateLimits;
  std::string webDir;
  std::string publicUrl;
  bool noSignup = false;
  std::string vapiBaseUrl = "https://api.vapi.ai";
  // accounts (issue 4)
  std::string masterKeyFile;  // "" = master.key next to the SQLite file (./data for PostgreSQL)
  std::string oidcIssuer;
  std::string oidcAudience;
  std::int64_t webhookGrace = 24 * 3600;  // seconds
  int syncInterval = 3600;                // seconds; 0 disables the scheduler
  int syncBackfillDays = 90;
  int syncPageLimit = 100;
};

void setupLogging(const std::string& level) {
  // Logs go to stderr so that commands printing JSON (user add) keep stdout clean.
  auto logger = spdlog::stderr_color_mt("vm");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
}

// Each connection holds a descriptor: raise the soft limit to the hard one (Debian's soft default of 1024
// would cap idle connections far below --max-connections) and keep the cap below what the process can open.
int raiseFileLimit(int maxConnections) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return maxConnections;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  // Descriptors beyond the connections: the database, its WAL, logs, outbound VAPI calls.
  const rlim_t reserve = 64;
  if (limit.rlim_cur != RLIM_INFINITY && static_cast<rlim_t>(maxConnections) + reserve > limit.rlim_cur) {
    int capped = limit.rlim_cur > reserve ? static_cast<int>(limit.rlim_cur - reserve) : 1;
    spdlog::info("open file limit {} allows only {} connections (asked for {}): raise `ulimit -n` for more",
                 static_cast<unsigned long long>(limit.rlim_cur), capped, maxConnections);
    return capped;
  }
  return maxConnections;
}

std::unique_ptr<vm::store::Store> openStoreFrom(const Options& o) {
  vm::store::StoreOptions so;
  so.url = o.db;
  so.rules.intentKey = o.intentKey;
  so.synchronousFull = o.syncMode != "normal";
  if (so.url.find("://") == std::string::npos) {
    // A plain path: make sure its directory exists so a first run just works.
    std::string path = so.url.rfind("sqlite:", 0) == 0 ? so.url.substr(7) : so.url;
    auto dir = std::filesystem::path(path).parent_path();
    if (!dir.empty()) std::filesystem::create_directories(dir);
  }
  return vm::store::openStore(so);
}

std::pair<std::string, unsigned short> splitListen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("--listen must be HOST:PORT");
  int port = std::stoi(listen.substr(colon + 1));
  if (port < 0 || port > 65535) throw std::runtime_error("--listen port out of range");
  return {listen.substr(0, colon), static_cast<unsigned short>(port)};
}

vm::sync::SyncOptions syncOptionsFrom(const Options& o) {
  vm::sync::SyncOptions so;
  so.client.baseUrl = o.vapiBaseUrl;
  so.backfillDays = o.syncBackfillDays;
  so.pageLimit = o.syncPageLimit;
  return so;
}

// The master key: VM_MASTER_KEY (base64) or the key file, created 0600 on first run.
std::string masterKeyPath(const Options& o) {
  if (!o.masterKeyFile.empty()) return o.masterKeyFile;
  if (o.db.find("://") != std::string::npos) return "./data/master.key";
  std::string path = o.db.rfind("sqlite:", 0) == 0 ? o.db.substr(7) : o.db;
  return (std::filesystem::path(path).parent_path() / "master.key").string();
}

std::shared_ptr<vm::auth::Vault> loadVault(const Options& o) {
  if (const char* env = std::getenv("VM_MASTER_KEY"); env && *env)
    return std::make_shared<vm::auth::Vault>(vm::auth::keyFromBase64(env));
  return std::make_shared<vm::auth::Vault>(vm::auth::loadOrCreateKeyFile(masterKeyPath(o)));
}

// `voicematrix keys rotate --new-key-file F`: re-encrypts every stored secret under the key in F (created
// when missing) in one transaction, then makes F's key the master key file's content.
int keysRotate(const Options& o, const std::string& newKeyFile) {
  auto oldVault = loadVault(o);
  auto newKey = vm::auth::loadOrCreateKeyFile(newKeyFile);
  vm::auth::Vault newVault(newKey);
  auto store = openStoreFrom(o);
  auto count = store->reencryptSecrets([&](const std::string& cipher) {
    auto plain = oldVault->decrypt(cipher);
    if (!plain) throw std::runtime_error("a stored secret does not decrypt with the current master key");
    return newVault.encrypt(*plain);
  });
  store->close();
  // Committed: from now on only the new key reads the secrets. With a key file, install it there.
  bool fromEnv = std::getenv("VM_MASTER_KEY") && *std::getenv("VM_MASTER_KEY");
  if (!fromEnv) vm::auth::writeKeyFile(masterKeyPath(o), newKey);
  nlohmann::json out = {{"reencrypted", count}, {"newKeyFile", newKeyFile}};
  if (fromEnv) out["note"] = "set VM_MASTER_KEY to the new key (base64) before restarting";
  std::cout << out.dump() << std::endl;
  return 0;
}

int serve(const Options& o) {
  vm::sync::configure(syncOptionsFrom(o));
  auto store = openStoreFrom(o);
  vm::api::EventHub events;
  vm::api::AppContext app{*store, events, {o.publicUrl, o.webDir, !o.noSignup, o.vapiBaseUrl}, {}};
  app.config.webhookGraceSeconds = o.webhookGrace;
  app.vault = loadVault(o);
  app.vapiKeyFor = vm::api::vaultKeyLookup(*store, app.vault);
  if (!o.oidcIssuer.empty()) {
    if (o.oidcAudience.empty()) throw std::runtime_error("--oidc-issuer needs --oidc-audience");
    app.oidc = std::make_shared<vm::auth::OidcVerifier>(o.oidcIssuer, o.oidcAudience);
  }
  app.rateLimiter = std::make_shared<vm::http::RateLimiter>(o.rateLimits);
  vm::http::Router router;
  vm::api::registerAllRoutes(router, app);
  vm::http::ServerOptions so;
  std::tie(so.host, so.port) = splitListen(o.listen);
  so.threads = o.threads;
  so.maxBodyBytes = o.maxBody;
  so.headerTimeout = std::chrono::seconds(o.headerTimeout);
  so.bodyTimeout = std::chrono::seconds(o.bodyTimeout);
  so.writeTimeout = std::chrono::seconds(o.writeTimeout);
  so.maxConnections = raiseFileLimit(o.maxConnections);
  so.maxConnectionsPerIp = o.maxConnectionsPerIp;
  vm::http::Server server(so, router);
  server.listen();
  spdlog::info("voicematrix listening on http://{}:{} (db {})", so.host, server.port(),
               o.db.find("://") == std::string::npos ? o.db : "postgres");
  // A line tests and scripts can wait for.
  std::cout << "listening on " << so.host << ":" << server.port() << std::endl;
  // Calls that other instances on the same database store reach this instance's live dashboards too
  // (PostgreSQL LISTEN/NOTIFY; a no-op for SQLite). Cleared by store->close(), before `events` goes.
  // The notifier reads and serializes the call on its own thread, not on the store's listener thread.
  events.loadCallsWith([&store](const std::string& userId, const std::string& callId) {
    return store->getCall(userId, callId);
  });
  store->onRemoteCallChange([&events](const std::string& userId, const std::string& callId) {
    events.callChangedElsewhere(userId, callId);
  });
  vm::sync::Scheduler scheduler(*store, app.vapiKeyFor, syncOptionsFrom(o),
                                std::chrono::seconds(o.syncInterval));
  scheduler.start();
  server.run();
  // Syncs write to the store: stop them (after their current page) before closing it.
  scheduler.stop();
  vm::sync::shutdownBackground();
  events.notifier().stop();  // it reads calls from the store (changes stored by other instances)
  store->close();
  spdlog::info("voicematrix stopped");
  return 0;
}

int userAdd(const Options& o, const std::string& email, const std::string& orgId,
            const std::string& password) {
  std::string normalized = vm::api::normalizeEmail(email);
  if (auto e = vm::api::emailError(normalized); !e.empty()) throw std::runtime_error(e);
  if (!password.empty()) {
    if (auto e = vm::auth::passwordPolicyError(password); !e.empty()) throw std::runtime_error(e);
  }
  auto vault = loadVault(o);
  auto store = openStoreFrom(o);
  vm::api::ProvisionedUser made;
  try {
    made = vm::api::provisionUser(*store, vault.get(), normalized, password, orgId, true);
  } catch (const vm::store::ConflictError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  }
  nlohmann::json out = {{"userId", made.user.id},
                        {"email", made.user.email},
                        {"webhookPath", "/webhook/vapi/" + made.user.hookId},
                        {"webhookSecret", made.webhookSecret},
                        {"apiToken", made.apiToken}};
  if (!orgId.empty()) out["vapiOrgId"] = orgId;
  std::cout << out.dump() << std::endl;
  store->close();
  return 0;
}

// `voicematrix sync`: one pass for one user (or every user with a key), in the foreground; prints a JSON
// summary and exits non-zero when a sync failed.
int runSync(const Options& o, const std::string& userId) {
  auto store = openStoreFrom(o);
  // The same vault as `serve`: users' VAPI keys are decrypted with the master key, never printed.
  auto keyFor = vm::api::vaultKeyLookup(*store, loadVault(o));
  vm::sync::Syncer syncer(*store, syncOptionsFrom(o));
  std::vector<vm::domain::User> users;
  if (userId.empty()) {
    users = store->listUsers();
  } else if (auto user = store->userById(userId)) {
    users.push_back(*user);
  } else {
    store->close();
    std::cerr << "error: no user " << userId << "\n";
    return 2;
  }
  nlohmann::json out = nlohmann::json::array();
  bool failed = false;
  for (const auto& user : users) {
    auto key = keyFor(user.id);
    if (!key || key->empty()) {
      out.push_back({{"userId", user.id}, {"result", "skipped"}, {"error", "VAPI API key not configured"}});
      continue;
    }
    auto report = syncer.syncUser(user.id, *key);
    failed = failed || report.result != vm::sync::SyncResult::Success;
    out.push_back({{"userId", user.id},
                   {"result", vm::sync::syncResultName(report.result)},
                   {"callsSynced", report.callsSynced},
                   {"assistants", report.assistants},
                   {"error", report.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(report.error)}});
  }
  store->close();
  std::cout << nlohmann::json{{"syncs", out}}.dump() << std::endl;
  return failed ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Voice Matrix: a self-hosted dashboard backend for VAPI voice assistants"};
  cli.require_subcommand(1);
  Options o;
  auto addCommon = [&o](CLI::App* cmd) {
    cmd->add_option("--db", o.db, "SQLite file path or postgres:// URL")
        ->envname("VM_DB")
        ->capture_default_str();
    cmd->add_option("--log-level", o.logLevel, "trace|debug|info|warn|error|off")
        ->envname("VM_LOG_LEVEL")
        ->capture_default_str();
    cmd->add_option("--intent-key", o.intentKey, "analysis.structuredData key holding the call's intent")
        ->envname("VM_INTENT_KEY")
        ->capture_default_str();
    cmd->add_option("--sync-mode", o.syncMode, "SQLite durability: full (fsync every commit) or normal")
        ->envname("VM_SYNC_MODE")
        ->check(CLI::IsMember({"full", "normal"}))
        ->capture_default_str();
  };

  auto* serveCmd = cli.add_subcommand("serve", "Run the HTTP server (webhooks, API, dashboard)");
  addCommon(serveCmd);
  serveCmd->add_option("--listen", o.listen, "HOST:PORT to listen on")
      ->envname("VM_LISTEN")
      ->capture_default_str();
  serveCmd->add_option("--max-body", o.maxBody, "Largest accepted request body, bytes")
      ->envname("VM_MAX_BODY")
      ->capture_default_str();
  serveCmd
      ->add_option("--header-timeout", o.headerTimeout,
                   "Seconds to receive a request's headers (and keep-alive idle)")
      ->envname("VM_HEADER_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  serveCmd->add_option("--body-timeout", o.bodyTimeout, "Seconds to receive a request's body")
      ->envname("VM_BODY_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  serveCmd->add_option("--max-connections", o.maxConnections, "Open connections; more are closed at once")
      ->envname("VM_MAX_CONNECTIONS")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  serveCmd
      ->add_option("--write-timeout", o.writeTimeout,
                   "Seconds a client may take to read one write (an answer, a stream chunk)")
      ->envname("VM_WRITE_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  serveCmd
      ->add_option("--max-connections-per-ip", o.maxConnectionsPerIp,
                   "Open connections from one client address; more are closed at once (0 = no cap)")
      ->envname("VM_MAX_CONNECTIONS_PER_IP")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  serveCmd
      ->add_option("--rate-limit-ip", o.rateLimits.ipPerMinute,
                   "API requests per minute per client IP (0 = off)")
      ->envname("VM_RATE_LIMIT_IP")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  serveCmd
      ->add_option("--rate-limit-user", o.rateLimits.userPerMinute,
                   "API requests per minute per API token or session (0 = off)")
      ->envname("VM_RATE_LIMIT_USER")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  serveCmd
      ->add_option("--rate-limit-auth", o.rateLimits.authPerMinute,
                   "/api/auth/* requests per minute per client IP (0 = off)")
      ->envname("VM_RATE_LIMIT_AUTH")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  serveCmd->add_option("--threads", o.threads, "HTTP threads (0 = cores)")->envname("VM_THREADS");
  serveCmd->add_option("--web-dir", o.webDir, "Built dashboard directory")->envname("VM_WEB_DIR");
  serveCmd->add_option("--public-url", o.publicUrl, "External base URL, e.g. https://vm.example.com")
      ->envname("VM_PUBLIC_URL");
  serveCmd->add_option("--vapi-base-url", o.vapiBaseUrl, "VAPI REST API base URL")
      ->envname("VM_VAPI_BASE_URL")
      ->capture_default_str();
  serveCmd
      ->add_option("--sync-interval", o.syncInterval,
                   "Seconds between syncs of every user from VAPI (0 = off)")
      ->envname("VM_SYNC_INTERVAL")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  serveCmd->add_option("--sync-backfill-days", o.syncBackfillDays, "Days of calls the first sync fetches")
      ->envname("VM_SYNC_BACKFILL_DAYS")
      ->check(CLI::Range(1, 3650))
      ->capture_default_str();
  serveCmd->add_flag("--no-signup", o.noSignup, "Disable self sign-up")->envname("VM_NO_SIGNUP");
  serveCmd
      ->add_option("--master-key-file", o.masterKeyFile,
                   "32-byte master key file (created 0600 if missing; default: master.key next to the "
                   "database); VM_MASTER_KEY (base64) overrides it")
      ->envname("VM_MASTER_KEY_FILE");
  serveCmd->add_option("--oidc-issuer", o.oidcIssuer, "Accept RS256 JWTs from this OIDC issuer URL")
      ->envname("VM_OIDC_ISSUER");
  serveCmd->add_option("--oidc-audience", o.oidcAudience, "Required JWT audience (client id)")
      ->envname("VM_OIDC_AUDIENCE");
  serveCmd
      ->add_option("--webhook-grace", o.webhookGrace,
                   "Seconds the previous webhook secret stays valid after a rotation")
      ->envname("VM_WEBHOOK_GRACE")
      ->check(CLI::Range(static_cast<std::int64_t>(0), static_cast<std::int64_t>(30 * 24 * 3600)))
      ->capture_default_str();

  auto* userCmd = cli.add_subcommand("user", "Manage users");
  userCmd->require_subcommand(1);
  auto* userAddCmd =
      userCmd->add_subcommand("add", "Create a user; prints its webhook path, secret and API token");
  addCommon(userAddCmd);
  std::string email, orgId;
  userAddCmd->add_option("--email", email, "The user's email")->required();
  userAddCmd->add_option("--vapi-org-id", orgId, "The user's VAPI org id");
  std::string userPassword;
  userAddCmd->add_option("--password", userPassword, "Dashboard password (optional; else sign in by token)")
      ->envname("VM_USER_PASSWORD");
  userAddCmd->add_option("--master-key-file", o.masterKeyFile, "Master key file (see serve)")
      ->envname("VM_MASTER_KEY_FILE");

  auto* keysCmd = cli.add_subcommand("keys", "Master key maintenance");
  keysCmd->require_subcommand(1);
  auto* rotateCmd =
      keysCmd->add_subcommand("rotate", "Re-encrypt every stored secret under a new master key");
  addCommon(rotateCmd);
  rotateCmd->add_option("--master-key-file", o.masterKeyFile, "Current master key file")
      ->envname("VM_MASTER_KEY_FILE");
  std::string newKeyFile;
  rotateCmd->add_option("--new-key-file", newKeyFile, "New key file (created 0600 if missing)")->required();

  auto* analyticsCmd = cli.add_subcommand("analytics", "Analytics maintenance");
  analyticsCmd->require_subcommand(1);
  auto* rebuildCmd = analyticsCmd->add_subcommand("rebuild", "Recompute analytics from the stored calls");
  addCommon(rebuildCmd);
  std::string rebuildUser;
  rebuildCmd->add_option("--user", rebuildUser, "Only this user id");

  auto* syncCmd = cli.add_subcommand("sync", "Fetch calls and assistants from VAPI now, then exit");
  addCommon(syncCmd);
  std::string syncUserId;
  syncCmd->add_option("--master-key-file", o.masterKeyFile, "Master key file (see serve)")
      ->envname("VM_MASTER_KEY_FILE");
  syncCmd->add_option("--user", syncUserId, "Only this user id (default: every user with a VAPI key)");
  syncCmd->add_option("--vapi-base-url", o.vapiBaseUrl, "VAPI REST API base URL")
      ->envname("VM_VAPI_BASE_URL")
      ->capture_default_str();
  syncCmd->add_option("--sync-backfill-days", o.syncBackfillDays, "Days of calls the first sync fetches")
      ->envname("VM_SYNC_BACKFILL_DAYS")
      ->check(CLI::Range(1, 3650))
      ->capture_default_str();
  syncCmd->add_option("--page-limit", o.syncPageLimit, "Calls per GET /call page (1..1000)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();

  auto* migrateCmd = cli.add_subcommand("migrate", "Create or upgrade the database schema, then exit");
  addCommon(migrateCmd);

  std::string migrateFrom, migrateTo;
  auto* migrateDataCmd = cli.add_subcommand(
      "migrate-data", "Copy a SQLite deployment into an empty PostgreSQL database, then exit");
  migrateDataCmd->add_option("--from", migrateFrom, "Source database: sqlite:PATH or a file path")
      ->required();
  // From the environment preferably: the URL may hold a password, and flags show in `ps`.
  migrateDataCmd->add_option("--to", migrateTo, "Target: postgres://user@host:port/db")
      ->envname("VM_MIGRATE_TO")
      ->required();

  CLI11_PARSE(cli, argc, argv);
  try {
    setupLogging(o.logLevel);
    if (serveCmd->parsed()) return serve(o);
    if (userAddCmd->parsed()) return userAdd(o, email, orgId, userPassword);
    if (rotateCmd->parsed()) return keysRotate(o, newKeyFile);
    if (rebuildCmd->parsed()) {
      auto store = openStoreFrom(o);
      store->rebuildAnalytics(rebuildUser);
      store->close();
      std::cout << R"({"rebuilt":true})" << std::endl;
      return 0;
    }
    if (syncCmd->parsed()) return runSync(o, syncUserId);
    if (migrateDataCmd->parsed()) {
      std::string from = migrateFrom.starts_with("sqlite:") ? migrateFrom.substr(7) : migrateFrom;
      if (!migrateTo.starts_with("postgres://") && !migrateTo.starts_with("postgresql://")) {
        throw std::invalid_argument("--to must be a postgres:// URL");
      }
      auto report = vm::store::postgres::importFromSqlite(from, migrateTo);
      nlohmann::json rows = nlohmann::json::object();
      for (const auto& [table, count] : report.rowsCopied) rows[table] = count;
      std::cout << nlohmann::json{{"migrated", true}, {"rows", rows}}.dump() << std::endl;
      return 0;
    }
    if (migrateCmd->parsed()) {
      auto store = openStoreFrom(o);  // opening runs the migrations
      store->close();
      std::cout << R"({"migrated":true})" << std::endl;
      return 0;
    }
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
