// The shapes of the Voice Matrix HTTP API's answers (docs/API.md, src/api/*.cpp), checked at the client.
// Every response type the dashboard uses is inferred from these schemas, so the contract is written once.
// Lists come in the one envelope each endpoint sends ({"calls": [...]}, {"tokens": [...]}, ...): a bare
// array where an envelope is expected is contract drift, and fails loudly instead of showing an empty list.
// Unknown fields are dropped, except in VAPI objects passed through (assistants, cost breakdowns), which
// the dashboard edits and sends back whole.
import { z } from 'zod';

// zod's fast path compiles validators with `new Function`, which the server's Content-Security-Policy
// (no 'unsafe-eval') refuses, and each refusal is logged in the browser console: validate without it.
z.config({ jitless: true });

// --- calls ---

const CostBreakdownSchema = z.looseObject({
  transport: z.number().nullish(),
  stt: z.number().nullish(),
  llm: z.number().nullish(),
  tts: z.number().nullish(),
  vapi: z.number().nullish(),
  total: z.number().nullish(),
  llmPromptTokens: z.number().nullish(),
  llmCompletionTokens: z.number().nullish(),
  llmCachedPromptTokens: z.number().nullish(),
  ttsCharacters: z.number().nullish(),
});

const CallMessageSchema = z.object({
  role: z.string(),
  text: z.string(),
  secondsFromStart: z.number(),
});

/** A call as GET /api/calls lists it (and the live feed sends it). */
export const CallSchema = z.object({
  callId: z.string(),
  vapiCallId: z.string(),
  /** ISO-8601: endedAt, else startedAt, else createdAt. */
  timestamp: z.string(),
  /** Seconds. */
  duration: z.number(),
  callerName: z.string(),
  callerPhone: z.string(),
  /** completed | not-connected | error | in-progress */
  outcome: z.string(),
  outcomeLabel: z.string(),
  successful: z.boolean(),
  /** 0..10, null when not scored. */
  satisfaction: z.number().nullable(),
  /** USD. */
  cost: z.number(),
  assistantId: z.string(),
  summary: z.string(),
  /** VAPI call status (scheduled, queued, ringing, in-progress, forwarding, ended, ...). */
  status: z.string(),
  startedAt: z.string(),
  endedAt: z.string(),
  endedReason: z.string(),
  recordingUrl: z.string(),
  successEvaluation: z.string(),
  phoneNumberId: z.string(),
  type: z.string(),
  intent: z.string(),
  // Present on GET /api/calls/<id> only.
  transcript: z.string().optional(),
  costBreakdown: CostBreakdownSchema.nullish(),
  structuredData: z.record(z.string(), z.unknown()).nullish(),
  messages: z.array(CallMessageSchema).optional(),
});

export const CallsPageSchema = z.object({
  calls: z.array(CallSchema),
  nextCursor: z.string().nullable(),
});

// --- analytics ---

const AnalyticsTotalsSchema = z.object({
  totalCalls: z.number(),
  successfulCalls: z.number(),
  averageDuration: z.number(),
  totalDuration: z.number(),
  totalCost: z.number(),
  satisfactionScore: z.number().nullable(),
  topIntents: z.array(z.object({ intent: z.string(), count: z.number() })),
});

const AnalyticsDaySchema = AnalyticsTotalsSchema.extend({
  /** YYYY-MM-DD (UTC). */
  date: z.string(),
});

export const AnalyticsSchema = z.object({
  days: z.array(AnalyticsDaySchema),
  totals: AnalyticsTotalsSchema,
});

const AssistantAnalyticsSchema = z.object({
  assistantId: z.string(),
  totalCalls: z.number(),
  successfulCalls: z.number(),
  totalDuration: z.number(),
  totalCost: z.number(),
});

export const AssistantAnalyticsListSchema = z.object({ assistants: z.array(AssistantAnalyticsSchema) });

// --- accounts and settings ---

export const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  vapiOrgId: z.string().optional(),
  createdAt: z.string().optional(),
});

export const SignedInSchema = z.object({ user: UserSchema });

export const MeSchema = UserSchema.extend({ callCount: z.number() });

export const SettingsSchema = z.object({
  orgId: z.string(),
  hasApiKey: z.boolean(),
  keyHint: z.string(),
  webhookUrl: z.string(),
  webhookSecretSet: z.boolean(),
  /** The webhook authentication mode ("secret" or "hmac"). */
  webhookAuth: z.string(),
});

export const RotatedSecretSchema = z.object({
  webhookSecret: z.string(),
  previousValidUntil: z.string().nullable(),
});

const TokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string().optional(),
  /** null until the token is first used. */
  lastUsedAt: z.string().nullish(),
});

export const TokenListSchema = z.object({ tokens: z.array(TokenSchema) });

export const CreatedTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The secret token: shown once. */
  token: z.string(),
});

// --- assistants (VAPI objects, passed through) ---

const ModelMessageSchema = z.looseObject({ role: z.string(), content: z.string() });

const AssistantModelSchema = z.looseObject({
  provider: z.string(),
  model: z.string(),
  messages: z.array(ModelMessageSchema).optional(),
  temperature: z.number().optional(),
  maxTokens: z.number().optional(),
});

const AssistantVoiceSchema = z.looseObject({ provider: z.string(), voiceId: z.string() });

/** A VAPI assistant (REFERENCE.md §4). */
export const AssistantSchema = z.looseObject({
  id: z.string(),
  orgId: z.string().optional(),
  name: z.string().optional(),
  firstMessage: z.string().optional(),
  firstMessageMode: z.string().optional(),
  model: AssistantModelSchema.optional(),
  voice: AssistantVoiceSchema.optional(),
  endCallMessage: z.string().optional(),
  maxDurationSeconds: z.number().optional(),
  server: z.looseObject({ url: z.string().optional() }).optional(),
  serverUrl: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});

export const AssistantListSchema = z.object({ assistants: z.array(AssistantSchema) });

// --- sync ---

const SyncStateSchema = z.object({
  syncType: z.string(),
  /** ISO-8601; null when never synced. */
  lastSyncTimestamp: z.string().nullable(),
  /** "" when never run, else running | success | failed. */
  syncStatus: z.string(),
  errorMessage: z.string().nullable(),
  syncedCount: z.number(),
});

export const SyncListSchema = z.object({ syncs: z.array(SyncStateSchema) });

export const SyncStartedSchema = z.object({ started: z.boolean() });

/** For answers the dashboard does not read ({"ok": true}, 204, a deleted assistant). */
export const IgnoredSchema = z.unknown();

export type Call = z.infer<typeof CallSchema>;
export type CostBreakdown = z.infer<typeof CostBreakdownSchema>;
export type CallsPage = z.infer<typeof CallsPageSchema>;
export type Analytics = z.infer<typeof AnalyticsSchema>;
export type AnalyticsDay = z.infer<typeof AnalyticsDaySchema>;
export type AssistantAnalytics = z.infer<typeof AssistantAnalyticsSchema>;
export type User = z.infer<typeof UserSchema>;
export type Me = z.infer<typeof MeSchema>;
export type Settings = z.infer<typeof SettingsSchema>;
export type RotatedSecret = z.infer<typeof RotatedSecretSchema>;
export type Token = z.infer<typeof TokenSchema>;
export type CreatedToken = z.infer<typeof CreatedTokenSchema>;
export type ModelMessage = z.infer<typeof ModelMessageSchema>;
export type AssistantModel = z.infer<typeof AssistantModelSchema>;
export type AssistantVoice = z.infer<typeof AssistantVoiceSchema>;
export type Assistant = z.infer<typeof AssistantSchema>;
export type SyncState = z.infer<typeof SyncStateSchema>;

// --- request bodies (sent, so typed but not validated) ---

export interface SettingsUpdate {
  apiKey?: string;
  orgId?: string;
}

/** Body of PATCH /api/assistants/<id> (partial) and POST /api/assistants. */
export interface AssistantPatch {
  name?: string;
  firstMessage?: string;
  model?: AssistantModel;
  voice?: AssistantVoice;
  endCallMessage?: string;
  maxDurationSeconds?: number;
}
