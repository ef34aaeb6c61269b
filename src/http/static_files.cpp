#include "http/static_files.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "http/errors.hpp"

namespace vm::http {
namespace {

std::string contentTypeFor(const std::filesystem::path& p) {
  auto ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

bool readFile(const std::filesystem::path& p, std::string& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

// True when `candidate` is `root` or lies below it, compared component by component: a string prefix
// would let "/srv/vm-data" pass for the root "/srv/vm".
bool isInside(const std::filesystem::path& root, const std::filesystem::path& candidate) {
  auto [rootEnd, candidateAt] = std::mismatch(root.begin(), root.end(), candidate.begin(), candidate.end());
  (void)candidateAt;
  return rootEnd == root.end();
}

bool hasDotDotSegment(const std::filesystem::path& relative) {
  for (const auto& part : relative)
    if (part == "..") return true;
  return false;
}

bool isApiPath(const std::string& path) {
  return path == "/api" || path.rfind("/api/", 0) == 0 || path.rfind("/webhook", 0) == 0;
}

}  // namespace

void addSecurityHeaders(Response& r) {
  r.header(
       "Content-Security-Policy",
       "default-src 'self'; img-src 'self' data:; media-src 'self' https:; style-src 'self' 'unsafe-inline'; "
       "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
      .header("X-Content-Type-Options", "nosniff")
      .header("X-Frame-Options", "DENY")
      .header("Referrer-Policy", "same-origin");
}

Handler staticFiles(const std::string& rootDir) {
  auto root = std::filesystem::weakly_canonical(rootDir);
  if (root.filename().empty()) root = root.parent_path();  // "/srv/vm/" -> "/srv/vm"
  return [root](Request& req, std::shared_ptr<Responder> res) {
    if (isApiPath(req.path)) throw notFound();
    if (req.method != "GET" && req.method != "HEAD") throw HttpError(405, "method not allowed");
    // Resolve inside the root only: a ".." segment is refused outright, and weakly_canonical resolves
    // symlinks, so one that points out of the root lands outside and is not served.
    std::filesystem::path relative = std::filesystem::path(req.path).relative_path();
    if (hasDotDotSegment(relative)) throw notFound("file not found");
    std::error_code ec;
    auto candidate = std::filesystem::weakly_canonical(root / relative, ec);
    bool inside = !ec && isInside(root, candidate);
    Response r;
    if (inside && std::filesystem::is_regular_file(candidate, ec) && readFile(candidate, r.body)) {
      r.contentType = contentTypeFor(candidate);
      // Vite puts content-hashed names under /assets: they never change, so cache them for good.
      bool hashed = req.path.rfind("/assets/", 0) == 0;
      r.header("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
    } else {
      auto ext = relative.extension().string();
      if (!ext.empty() && ext != ".html") throw notFound("file not found");
      if (!readFile(root / "index.html", r.body)) throw notFound("dashboard is not built");
      r.contentType = "text/html; charset=utf-8";
      r.header("Cache-Control", "no-cache");
    }
    addSecurityHeaders(r);
    res->send(std::move(r));
  };
}

}  // namespace vm::http
