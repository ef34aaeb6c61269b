// `voicematrix serve`: the HTTP server (webhooks, API, dashboard), the sync scheduler and everything
// they share, made here once and passed down (the composition root).
#include <spdlog/spdlog.h>

#include <iostream>

#include "accounts/vault_key_lookup.hpp"
#include "api/app.hpp"
#include "auth/oidc.hpp"
#include "cli/command.hpp"
#include "cli/file_limit.hpp"
#include "cli/logging.hpp"
#include "cli/store_flags.hpp"
#include "cli/sync_flags.hpp"
#include "cli/vault_flags.hpp"
#include "http/rate_limit.hpp"
#include "http/server.hpp"
#include "sync/scheduler.hpp"
#include "sync/user_locks.hpp"

namespace vm::cli {
namespace {

struct ServeFlags {
  StoreFlags store;
  VaultFlags vault;
  sync::SyncOptions sync;
  api::AppConfig api;
  http::ServerOptions server;
  http::RateLimitOptions rateLimits;
  std::string listen = "127.0.0.1:8080";
  int headerTimeoutSeconds = static_cast<int>(http::ServerOptions{}.headerTimeout.count());
  int bodyTimeoutSeconds = static_cast<int>(http::ServerOptions{}.bodyTimeout.count());
  int writeTimeoutSeconds = static_cast<int>(http::ServerOptions{}.writeTimeout.count());
  bool noSignup = false;
  int syncIntervalSeconds = 3600;  // 0 disables the scheduler
  std::string oidcIssuer;
  std::string oidcAudience;
  std::vector<std::string> trustedProxies;
  int loginMaxDelaySeconds = static_cast<int>(api::LoginLimiter::Limits{}.maxDelay.count());
};

void addServerFlags(CLI::App* cmd, ServeFlags& f) {
  cmd->add_option("--listen", f.listen, "HOST:PORT to listen on")
      ->envname("VM_LISTEN")
      ->capture_default_str();
  cmd->add_option("--max-body", f.server.maxBodyBytes, "Largest accepted request body, bytes")
      ->envname("VM_MAX_BODY")
      ->capture_default_str();
  cmd->add_option("--header-timeout", f.headerTimeoutSeconds,
                  "Seconds to receive a request's headers (and keep-alive idle)")
      ->envname("VM_HEADER_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd->add_option("--body-timeout", f.bodyTimeoutSeconds, "Seconds to receive a request's body")
      ->envname("VM_BODY_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd->add_option("--max-connections", f.server.maxConnections, "Open connections; more are closed at once")
      ->envname("VM_MAX_CONNECTIONS")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  cmd->add_option("--write-timeout", f.writeTimeoutSeconds,
                  "Seconds a client may take to read one write (an answer, a stream chunk)")
      ->envname("VM_WRITE_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd->add_option("--max-connections-per-ip", f.server.maxConnectionsPerIp,
                  "Open connections from one client address; more are closed at once (0 = no cap)")
      ->envname("VM_MAX_CONNECTIONS_PER_IP")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  cmd->add_option("--threads", f.server.threads, "HTTP threads (0 = cores)")->envname("VM_THREADS");
  cmd->add_option("--rate-limit-ip", f.rateLimits.ipPerMinute,
                  "API requests per minute per client IP (0 = off)")
      ->envname("VM_RATE_LIMIT_IP")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--rate-limit-user", f.rateLimits.userPerMinute,
                  "API requests per minute per API token or session (0 = off)")
      ->envname("VM_RATE_LIMIT_USER")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--rate-limit-auth", f.rateLimits.authPerMinute,
                  "/api/auth/* requests per minute per client IP (0 = off)")
      ->envname("VM_RATE_LIMIT_AUTH")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
}

void addApiFlags(CLI::App* cmd, ServeFlags& f) {
  cmd->add_option("--web-dir", f.api.webDir, "Built dashboard directory")->envname("VM_WEB_DIR");
  cmd->add_option("--public-url", f.api.publicUrl, "External base URL, e.g. https://vm.example.com")
      ->envname("VM_PUBLIC_URL");
  cmd->add_flag("--no-signup", f.noSignup, "Disable self sign-up")->envname("VM_NO_SIGNUP");
  cmd->add_option("--webhook-grace", f.api.webhookGraceSeconds,
                  "Seconds the previous webhook secret stays valid after a rotation")
      ->envname("VM_WEBHOOK_GRACE")
      ->check(CLI::Range(static_cast<std::int64_t>(0), static_cast<std::int64_t>(30 * 24 * 3600)))
      ->capture_default_str();
  cmd->add_option("--trusted-proxy", f.trustedProxies,
                  "Reverse proxies (IPs or CIDRs) whose X-Forwarded-For/Forwarded name the client and whose "
                  "X-Forwarded-Host/-Proto count; from anyone else those headers are ignored")
      ->envname("VM_TRUSTED_PROXY")
      ->delimiter(',');
  cmd->add_option("--login-free-failures", f.api.loginLimits.freeFailures,
                  "Failed sign-ins per account and client IP before delays start (then 1 s, 2 s, 4 s, ...)")
      ->envname("VM_LOGIN_FREE_FAILURES")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_option("--login-max-delay", f.loginMaxDelaySeconds,
                  "Longest delay between failed sign-ins, seconds")
      ->envname("VM_LOGIN_MAX_DELAY")
      ->check(CLI::Range(1, 24 * 3600))
      ->capture_default_str();
  cmd->add_option("--login-failures-per-ip", f.api.loginLimits.failuresPerIp,
                  "Failed sign-ins per client IP across all accounts per 15 minutes (0 = no cap)")
      ->envname("VM_LOGIN_FAILURES_PER_IP")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--oidc-issuer", f.oidcIssuer, "Accept RS256 JWTs from this OIDC issuer URL")
      ->envname("VM_OIDC_ISSUER");
  cmd->add_option("--oidc-audience", f.oidcAudience, "Required JWT audience (client id)")
      ->envname("VM_OIDC_AUDIENCE");
  cmd->add_option("--sync-interval", f.syncIntervalSeconds,
                  "Seconds between syncs of every user from VAPI (0 = off)")
      ->envname("VM_SYNC_INTERVAL")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
}

void splitListen(const std::string& listen, http::ServerOptions& options) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("--listen must be HOST:PORT");
  int port = std::stoi(listen.substr(colon + 1));
  if (port < 0 || port > 65535) throw std::runtime_error("--listen port out of range");
  options.host = listen.substr(0, colon);
  options.port = static_cast<unsigned short>(port);
}

int serve(ServeFlags f) {
  splitListen(f.listen, f.server);
  f.server.headerTimeout = std::chrono::seconds(f.headerTimeoutSeconds);
  f.server.bodyTimeout = std::chrono::seconds(f.bodyTimeoutSeconds);
  f.server.writeTimeout = std::chrono::seconds(f.writeTimeoutSeconds);
  f.server.maxConnections = raiseFileLimit(f.server.maxConnections);
  f.api.signupEnabled = !f.noSignup;
  f.api.vapiClient = f.sync.client;
  f.api.trustedProxies = http::TrustedProxies(f.trustedProxies);
  f.api.loginLimits.maxDelay = std::chrono::seconds(f.loginMaxDelaySeconds);
  if (!f.oidcIssuer.empty() && f.oidcAudience.empty())
    throw std::runtime_error("--oidc-issuer needs --oidc-audience");

  auto store = openStoreFrom(f.store);
  // Held until exit: `keys rotate` refuses to run beside a server, which would keep the old master key.
  auto serving = store->holdServing();
  api::EventHub events;
  sync::UserLocks syncLocks;
  api::AppContext app{*store, events, f.api};
  app.vault = loadVault(f.vault, f.store);
  app.vapiKeyFor = accounts::vaultKeyLookup(*store, app.vault);
  if (!f.oidcIssuer.empty()) app.oidc = std::make_shared<auth::OidcVerifier>(f.oidcIssuer, f.oidcAudience);
  app.rateLimiter = std::make_shared<http::RateLimiter>(f.rateLimits);
  api::makeSharedParts(app, syncLocks, f.sync);

  http::Router router;
  api::registerAllRoutes(router, app);
  http::Server server(f.server, router, *app.metrics);
  server.listen();
  spdlog::info("voicematrix listening on http://{}:{} (db {})", f.server.host, server.port(),
               store::sqlitePathOf(f.store.db) ? f.store.db : "postgres");
  // A line tests and scripts can wait for.
  std::cout << "listening on " << f.server.host << ":" << server.port() << std::endl;
  // Calls that other instances on the same database store reach this instance's live dashboards too
  // (PostgreSQL LISTEN/NOTIFY; a no-op for SQLite). Cleared by store->close(), before `events` goes.
  // The notifier reads and serializes the call on its own thread, not on the store's listener thread.
  events.loadCallsWith([&store](const std::string& userId, const std::string& callId) {
    return store->getCall(userId, callId);
  });
  store->onRemoteCallChange([&events](const std::string& userId, const std::string& callId) {
    events.callChangedElsewhere(userId, callId);
  });
  sync::Scheduler scheduler(*store, syncLocks, app.vapiKeyFor, f.sync,
                            std::chrono::seconds(f.syncIntervalSeconds));
  scheduler.start();
  server.run();
  // Everything that writes to the store stops (syncs after their current page, handler pools after what
  // they hold) before it closes.
  scheduler.stop();
  api::stopSharedParts(app);
  events.notifier().stop();  // it reads calls from the store (changes stored by other instances)
  serving.reset();
  store->close();
  spdlog::info("voicematrix stopped");
  return 0;
}

}  // namespace

Command addServeCommand(CLI::App& cli, std::string& logLevel) {
  auto flags = std::make_shared<ServeFlags>();
  auto* cmd = cli.add_subcommand("serve", "Run the HTTP server (webhooks, API, dashboard)");
  addStoreFlags(cmd, flags->store);
  addLogLevelFlag(cmd, logLevel);
  addServerFlags(cmd, *flags);
  addApiFlags(cmd, *flags);
  addSyncFlags(cmd, flags->sync);
  addVaultFlags(cmd, flags->vault);
  return {cmd, [flags] { return serve(*flags); }};
}

}  // namespace vm::cli
