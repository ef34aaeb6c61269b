// The fake VAPI's HTTP surface: VAPI's GET/POST /assistant, GET/PATCH/DELETE /assistant/:id, GET /call and
// GET /call/:id (NestJS-shaped errors, Bearer key auth), plus /__admin/* for tests (faults, data, stats).
#pragma once

#include <string>

#include "fake_state.hpp"
#include "http/router.hpp"

namespace fakevapi {

void registerRoutes(vm::http::Router& router, FakeState& state, const std::string& apiKey);

}  // namespace fakevapi
