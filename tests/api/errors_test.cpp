// The one table from error kinds to answers: every kind of every layer, and nothing internal leaks.
#include "api/errors.hpp"

#include <gtest/gtest.h>

#include "http/errors.hpp"
#include "store/errors.hpp"
#include "vapi/errors.hpp"

namespace vm::api {
namespace {

template <class E>
ErrorAnswer answerOf(E error) {
  return answerFor(std::make_exception_ptr(std::move(error)));
}

TEST(ErrorTable, VapiKindsMapToGatewayOrClientStatuses) {
  using vapi::ErrorKind;
  struct Row {
    ErrorKind kind;
    int status;
  };
  for (auto [kind, status] :
       {Row{ErrorKind::Unreachable, 502}, Row{ErrorKind::Timeout, 504}, Row{ErrorKind::Upstream, 502},
        Row{ErrorKind::KeyRejected, 502}, Row{ErrorKind::NotFound, 404}, Row{ErrorKind::Rejected, 422},
        Row{ErrorKind::InvalidInput, 422}}) {
    auto answer = answerOf(vapi::Error(kind, 0, "what VAPI said"));
    EXPECT_EQ(answer.status, status) << static_cast<int>(kind);
    EXPECT_EQ(answer.clientText, "what VAPI said");
    EXPECT_FALSE(answer.unexpected);
  }
}

TEST(ErrorTable, StoreKindsKeepTheirClientText) {
  EXPECT_EQ(answerOf(store::ConflictError("email taken")).status, 409);
  EXPECT_EQ(answerOf(store::ConflictError("email taken")).clientText, "email taken");
  EXPECT_EQ(answerOf(store::NotFoundError("no such user")).status, 404);
  EXPECT_EQ(answerOf(store::InvalidInputError("no call id")).status, 422);
}

TEST(ErrorTable, HttpErrorsAnswerTheirOwnStatus) {
  auto answer = answerOf(http::unprocessable("limit must be 1..100"));
  EXPECT_EQ(answer.status, 422);
  EXPECT_EQ(answer.clientText, "limit must be 1..100");
}

TEST(ErrorTable, AnythingElseIsAn500WithoutItsText) {
  auto answer = answerOf(std::runtime_error("SQLITE_CORRUPT at /srv/vm/voicematrix.db"));
  EXPECT_EQ(answer.status, 500);
  EXPECT_EQ(answer.clientText, "internal error");
  EXPECT_TRUE(answer.unexpected);
  // A database failure is not the client's fault, whatever store layer it came from.
  EXPECT_EQ(answerOf(store::Error("connection lost")).status, 500);
  EXPECT_EQ(answerOf(42).status, 500);
}

}  // namespace
}  // namespace vm::api
