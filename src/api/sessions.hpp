// Dashboard sessions: the two cookies a signed-in browser holds (the session id, HttpOnly, and the CSRF
// token the dashboard echoes in X-CSRF-Token), made by sign-up, sign-in and password changes.
#pragma once

#include <string>

#include "api/app.hpp"
#include "http/message.hpp"

namespace vm::api {

inline constexpr const char* kSessionCookie = "vm_session";
inline constexpr const char* kCsrfCookie = "vm_csrf";

// Starts a session for `userId` and adds its two cookies to `response`.
void startSession(AppContext& app, const std::string& userId, http::Response& response);
// Cookies that make the browser forget the session.
void clearSessionCookies(AppContext& app, http::Response& response);

}  // namespace vm::api
