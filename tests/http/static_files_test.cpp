// The dashboard's static files: only files inside the web root are served, whatever the path says.
#include "http/static_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "http/errors.hpp"

namespace vm::http {
namespace {

namespace fs = std::filesystem;

struct RecordingResponder : Responder {
  std::optional<Response> sent;
  void send(Response response) override { sent = std::move(response); }
  std::shared_ptr<Stream> stream(Response) override { return nullptr; }
};

void writeFile(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// A web root /tmp/X/vm beside a sibling /tmp/X/vm-data holding secrets, the layout of the report.
class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base = fs::temp_directory_path() / ("vm-static-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base);
    writeFile(base / "vm" / "index.html", "<html>app</html>");
    writeFile(base / "vm" / "assets" / "app.js", "console.log(1)");
    writeFile(base / "vm-data" / "master.key", "SECRET-KEY");
    writeFile(base / "outside.txt", "OUTSIDE");
  }
  void TearDown() override { fs::remove_all(base); }

  // The body served for GET `path`, or the status of the error thrown.
  std::pair<int, std::string> get(const std::string& path, const std::string& root = "") {
    auto handler = staticFiles(root.empty() ? (base / "vm").string() : root);
    Request req;
    req.method = "GET";
    req.path = path;
    auto res = std::make_shared<RecordingResponder>();
    try {
      handler(req, res);
    } catch (const HttpError& e) {
      return {e.status, e.what()};
    }
    return {res->sent->status, res->sent->body};
  }

  fs::path base;
};

TEST_F(StaticFilesTest, ServesFilesInsideTheRoot) {
  EXPECT_EQ(get("/assets/app.js").second, "console.log(1)");
  EXPECT_EQ(get("/calls").second, "<html>app</html>");  // an app route gets index.html
}

TEST_F(StaticFilesTest, RefusesASiblingDirectorySharingTheRootsPrefix) {
  auto [status, body] = get("/../vm-data/master.key");
  EXPECT_EQ(status, 404);
  EXPECT_EQ(body.find("SECRET"), std::string::npos);
}

TEST_F(StaticFilesTest, RefusesTheSiblingWhenTheRootIsGivenWithATrailingSlash) {
  auto [status, body] = get("/../vm-data/master.key", (base / "vm").string() + "/");
  EXPECT_EQ(status, 404);
  EXPECT_EQ(body.find("SECRET"), std::string::npos);
}

TEST_F(StaticFilesTest, RefusesDotDotSegmentsEvenWhenTheyLandInside) {
  EXPECT_EQ(get("/assets/../assets/app.js").first, 404);
  EXPECT_EQ(get("/../outside.txt").first, 404);
}

TEST_F(StaticFilesTest, DoesNotFollowASymlinkOutOfTheRoot) {
  fs::create_symlink(base / "vm-data", base / "vm" / "linked");
  auto [status, body] = get("/linked/master.key");
  EXPECT_EQ(status, 404);
  EXPECT_EQ(body.find("SECRET"), std::string::npos);
}

}  // namespace
}  // namespace vm::http
