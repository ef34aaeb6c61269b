// fake_vapi: a stand-in for api.vapi.ai that tests and the sync benchmark run locally.
//   fake_vapi --listen 127.0.0.1:0 --key KEY --calls N --seed S
// prints "listening on HOST:PORT" as its first stdout line (like voicematrix serve), then serves until
// SIGTERM/SIGINT. See routes.hpp for the endpoints.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "call_generator.hpp"
#include "domain/time.hpp"
#include "fake_state.hpp"
#include "http/server.hpp"
#include "routes.hpp"

int main(int argc, char** argv) {
  CLI::App cli{"Fake VAPI REST API for tests"};
  std::string listen = "127.0.0.1:0", key, orgId = "6b1f0c2a-3d4e-4f5a-9b8c-7d6e5f4a3b2c", logLevel = "warn";
  std::size_t calls = 0;
  int assistants = 3, threads = 4, spreadDays = 60;
  std::uint64_t seed = 1;
  cli.add_option("--listen", listen, "HOST:PORT (port 0 = any free port)")->capture_default_str();
  cli.add_option("--key", key, "The API key clients must send as Bearer")->required();
  cli.add_option("--calls", calls, "Ended calls to generate")->capture_default_str();
  cli.add_option("--seed", seed, "Random seed (same seed, same calls)")->capture_default_str();
  cli.add_option("--assistants", assistants, "Assistants to generate")->capture_default_str();
  cli.add_option("--org-id", orgId, "orgId of every generated object")->capture_default_str();
  cli.add_option("--spread-days", spreadDays, "createdAt spread, days before now")->capture_default_str();
  cli.add_option("--threads", threads, "HTTP threads (injected delays hold one each)")->capture_default_str();
  cli.add_option("--log-level", logLevel, "spdlog level")->capture_default_str();
  CLI11_PARSE(cli, argc, argv);

  // stdout carries only the "listening on" line.
  spdlog::set_default_logger(spdlog::stderr_color_mt("fake_vapi"));
  spdlog::set_level(spdlog::level::from_str(logLevel));

  fakevapi::FakeState state(orgId);
  fakevapi::GeneratorOptions go;
  go.seed = seed;
  go.orgId = orgId;
  go.nowMs = vm::domain::nowMs();
  go.spreadDays = spreadDays;
  fakevapi::CallGenerator generator(go);
  std::vector<std::string> assistantIds;
  for (int i = 0; i < assistants; ++i) {
    auto id = generator.uuid();
    auto created = vm::domain::formatIsoMs(go.nowMs - (i + 1) * 86'400'000LL);
    assistantIds.push_back(id);
    state.putAssistant(
        {{"id", id},
         {"orgId", orgId},
         {"name", "Assistant " + std::to_string(i + 1)},
         {"firstMessage", "Hello, how can I help?"},
         {"model",
          {{"provider", "openai"},
           {"model", "gpt-4o-mini"},
           {"temperature", 0.3},
           {"messages", {{{"role", "system"}, {"content", "You are a helpful receptionist."}}}}}},
         {"voice", {{"provider", "vapi"}, {"voiceId", "Elliot"}}},
         {"serverMessages", {"end-of-call-report", "tool-calls"}},
         {"createdAt", created},
         {"updatedAt", created}});
  }
  go.assistantIds = assistantIds;
  fakevapi::CallGenerator callGenerator(go);
  state.addCalls(callGenerator.generate(calls));

  vm::http::Router router;
  fakevapi::registerRoutes(router, state, key);
  vm::http::ServerOptions so;
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "--listen must be HOST:PORT\n";
    return 2;
  }
  so.host = listen.substr(0, colon);
  so.port = static_cast<unsigned short>(std::stoi(listen.substr(colon + 1)));
  so.threads = threads;
  so.shutdownGrace = std::chrono::seconds(2);
  vm::http::Metrics metrics;
  vm::http::Server server(so, router, metrics);
  server.listen();
  std::cout << "listening on " << so.host << ":" << server.port() << std::endl;
  server.run();
  return 0;
}
