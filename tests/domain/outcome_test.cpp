#include "domain/outcome.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <string>
#include <vector>

namespace vm::domain {
namespace {

std::vector<std::string> endedReasons() {
  std::ifstream in(VM_FIXTURES_DIR "/vapi/ENDED_REASONS.txt");
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

const std::set<std::string> kCompleted = {
    "customer-ended-call",
    "assistant-ended-call",
    "assistant-ended-call-after-message-spoken",
    "assistant-ended-call-with-hangup-task",
    "assistant-said-end-call-phrase",
    "assistant-forwarded-call",
    "customer-ended-call-during-transfer",
    "customer-ended-call-after-warm-transfer-attempt",
    "customer-ended-call-before-warm-transfer",
    "exceeded-max-duration",
    "silence-timed-out",
    "call.ending.hook-executed-say",
    "call.ending.hook-executed-transfer",
    "call.in-progress.twilio-completed-call",
    "call.in-progress.sip-completed-call",
    "vonage-completed",
    "voicemail",
};

const std::set<std::string> kNotConnected = {
    "customer-busy",
    "customer-did-not-answer",
    "customer-did-not-give-microphone-permission",
    "twilio-reported-customer-misdialed",
    "manually-canceled",
    "call.forwarding.no-answer",
    "call.forwarding.operator-busy",
    "call.ringing.sip-inbound-caller-hungup-before-call-connect",
    "scheduled-call-deleted",
    "call-deleted",
};

TEST(EndedReason, FileHasEveryDocumentedValue) {
  const auto reasons = endedReasons();
  EXPECT_EQ(reasons.size(), 595u);
  const std::set<std::string> all(reasons.begin(), reasons.end());
  for (const auto& r : kCompleted) EXPECT_TRUE(all.count(r)) << r;
  for (const auto& r : kNotConnected) EXPECT_TRUE(all.count(r)) << r;
}

TEST(EndedReason, ClassifiesEveryLineOfTheSpecEnum) {
  const auto reasons = endedReasons();
  ASSERT_FALSE(reasons.empty());
  std::size_t completed = 0, notConnected = 0, errors = 0;
  for (const auto& r : reasons) {
    Outcome o{};
    EXPECT_NO_THROW(o = classifyEndedReason(r)) << r;
    if (kCompleted.count(r)) {
      EXPECT_EQ(o, Outcome::Completed) << r;
    } else if (kNotConnected.count(r)) {
      EXPECT_EQ(o, Outcome::NotConnected) << r;
    } else {
      EXPECT_EQ(o, Outcome::Error) << r;
    }
    if (r.rfind("call.start.error-", 0) == 0 || r.rfind("pipeline-error-", 0) == 0 ||
        r.rfind("call.in-progress.error-", 0) == 0) {
      EXPECT_EQ(o, Outcome::Error) << r;
    }
    completed += o == Outcome::Completed;
    notConnected += o == Outcome::NotConnected;
    errors += o == Outcome::Error;
    // Every value gets a non-empty label that does not throw.
    std::string label;
    EXPECT_NO_THROW(label = endedReasonLabel(r)) << r;
    EXPECT_FALSE(label.empty()) << r;
  }
  EXPECT_EQ(completed, kCompleted.size());
  EXPECT_EQ(notConnected, kNotConnected.size());
  EXPECT_EQ(errors, reasons.size() - kCompleted.size() - kNotConnected.size());
}

TEST(EndedReason, ErrorFamilies) {
  for (const char* r : {"call.start.error-get-assistant", "pipeline-error-openai-llm-failed",
                        "call.in-progress.error-vapifault-openai-llm-failed", "assistant-request-failed",
                        "assistant-not-found", "twilio-failed-to-connect-call", "worker-shutdown",
                        "phone-call-provider-closed-websocket", "assistant-join-timed-out"}) {
    EXPECT_EQ(classifyEndedReason(r), Outcome::Error) << r;
  }
}

TEST(EndedReason, LegacyAndUnknownValues) {
  EXPECT_EQ(classifyEndedReason("customer-ended"), Outcome::Completed);
  EXPECT_EQ(classifyEndedReason("hangup"), Outcome::Completed);
  EXPECT_EQ(classifyEndedReason(" customer-ended-call \n"), Outcome::Completed);
  EXPECT_EQ(classifyEndedReason("unknown-error"), Outcome::Error);
  EXPECT_EQ(classifyEndedReason("db-error"), Outcome::Error);
  EXPECT_EQ(classifyEndedReason("something-vapi-adds-next-month"), Outcome::Error);
  EXPECT_EQ(classifyEndedReason(""), Outcome::Error);
  EXPECT_EQ(classifyEndedReason(std::string("customer-ended-call\0x", 21)), Outcome::Error);
  EXPECT_EQ(classifyEndedReason("CUSTOMER-ENDED-CALL"), Outcome::Error);  // codes are case-sensitive
}

TEST(EndedReason, OutcomeNames) {
  EXPECT_STREQ(outcomeName(Outcome::Completed), "completed");
  EXPECT_STREQ(outcomeName(Outcome::NotConnected), "not-connected");
  EXPECT_STREQ(outcomeName(Outcome::Error), "error");
}

TEST(EndedReason, Labels) {
  EXPECT_EQ(endedReasonLabel("customer-ended-call"), "Customer ended the call");
  EXPECT_EQ(endedReasonLabel("customer-ended"), "Customer ended the call");
  EXPECT_EQ(endedReasonLabel("silence-timed-out"), "Silence timed out");
  EXPECT_EQ(endedReasonLabel("voicemail"), "Reached voicemail");
  EXPECT_EQ(endedReasonLabel("call.in-progress.error-providerfault-openai-llm-failed"),
            "Error: provider fault: openai llm failed");
  EXPECT_EQ(endedReasonLabel("call.in-progress.error-vapifault-openai-llm-failed"),
            "Error: Vapi fault: openai llm failed");
  EXPECT_EQ(endedReasonLabel("call.start.error-get-assistant"), "Error at call start: get assistant");
  EXPECT_EQ(endedReasonLabel("pipeline-error-openai-llm-failed"), "Pipeline error: openai llm failed");
  EXPECT_EQ(endedReasonLabel("brand-new-reason"), "Brand new reason");
  EXPECT_EQ(endedReasonLabel(""), "Unknown");
}

}  // namespace
}  // namespace vm::domain
