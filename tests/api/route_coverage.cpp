// Which test gets a success answer from each route. route_coverage_test.cpp fails when this list and the
// route table differ (a route added without a test, or a test left for a removed route); the harness
// fails the named test when the route answered it no 2xx (api_harness.hpp). Add the test with the route.
#include "api_harness.hpp"

namespace vm::api::testing {

const std::map<std::string, std::string>& successCoverage() {
  static const std::map<std::string, std::string> kCoverage = {
      {"GET /healthz", "HealthApi.HealthzAnswersOk"},
      {"GET /metrics", "HealthApi.MetricsAnswersPrometheusText"},

      {"POST /webhook/vapi/:hookId", "WebhookApi.HookIdWebhookStoresTheCall"},
      {"POST /webhook/vapi", "WebhookApi.OrgIdWebhookStoresTheCall"},

      {"GET /api/calls", "CallsApi.ListPagesThroughTheUsersCalls"},
      {"GET /api/calls/:callId", "CallsApi.GetAnswersTheFullCall"},
      {"GET /api/calls/export", "CallsApi.ExportStreamsCsvAndJson"},

      {"GET /api/analytics", "AnalyticsApi.DaysAndTotalsOfTheRange"},
      {"GET /api/analytics/assistants", "AnalyticsApi.PerAssistantTotals"},

      {"GET /api/events", "EventsApi.StreamDeliversTheUsersCallChanges"},

      {"POST /api/auth/signup", "AuthApi.SignupCreatesTheUserAndASession"},
      {"POST /api/auth/login", "AuthApi.LoginStartsASession"},
      {"POST /api/auth/logout", "AuthApi.LogoutEndsTheSession"},
      {"POST /api/auth/password", "AuthApi.PasswordChangeTakesEffect"},
      {"GET /api/me", "AuthApi.MeAnswersTheUser"},

      {"GET /api/settings/vapi", "SettingsApi.GetAnswersTheSetup"},
      {"PUT /api/settings/vapi", "SettingsApi.PutStoresKeyAndOrgId"},
      {"DELETE /api/settings/vapi", "SettingsApi.DeleteForgetsKeyAndOrgId"},
      {"POST /api/settings/webhook-secret/rotate", "SettingsApi.RotateGivesANewSecretAndKeepsTheOld"},
      {"PUT /api/settings/webhook", "SettingsApi.WebhookModeHmac"},

      {"GET /api/tokens", "TokensApi.ListShowsTheUsersTokens"},
      {"POST /api/tokens", "TokensApi.CreateGivesAWorkingToken"},
      {"DELETE /api/tokens/:id", "TokensApi.DeleteRevokesTheToken"},

      {"GET /api/assistants", "AssistantsApi.ListPassesVapisAssistants"},
      {"POST /api/assistants", "AssistantsApi.CreateGetPatchDelete"},
      {"GET /api/assistants/:id", "AssistantsApi.CreateGetPatchDelete"},
      {"PATCH /api/assistants/:id", "AssistantsApi.CreateGetPatchDelete"},
      {"DELETE /api/assistants/:id", "AssistantsApi.CreateGetPatchDelete"},
      {"POST /api/assistants/:id/connect", "AssistantsApi.ConnectWritesTheWebhookUrl"},

      {"GET /api/sync", "SyncApi.StatesListBothTypes"},
      {"POST /api/sync", "SyncApi.StartRunsASyncAgainstVapi"},
  };
  return kCoverage;
}

}  // namespace vm::api::testing
