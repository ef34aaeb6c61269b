// Types for the Voice Matrix HTTP API (docs/API.md). Fields the contract marks "|null" are nullable;
// everything VAPI may omit is optional.

export type Outcome = 'completed' | 'not-connected' | 'error' | 'in-progress';

/** VAPI call status (scheduled, queued, ringing, in-progress, forwarding, ended, ...). Opaque string. */
export type CallStatus = string;

export interface CostBreakdown {
  transport?: number;
  stt?: number;
  llm?: number;
  tts?: number;
  vapi?: number;
  total?: number;
  llmPromptTokens?: number;
  llmCompletionTokens?: number;
  llmCachedPromptTokens?: number;
  ttsCharacters?: number;
  analysisCostBreakdown?: Record<string, number>;
  [key: string]: unknown;
}

export interface CallMessage {
  role?: string;
  message?: string;
  secondsFromStart?: number;
  [key: string]: unknown;
}

export interface Call {
  callId: string;
  vapiCallId: string;
  /** ISO-8601: endedAt, else startedAt, else createdAt. */
  timestamp: string;
  /** Seconds. */
  duration: number;
  callerName: string;
  callerPhone: string;
  outcome: Outcome | string;
  outcomeLabel: string;
  successful: boolean;
  /** 0..10, null when not scored. */
  satisfaction: number | null;
  /** Present on GET /api/calls/<id> only. */
  transcript?: string;
  /** USD. */
  cost: number;
  assistantId: string;
  summary: string;
  status: CallStatus;
  startedAt: string;
  endedAt: string;
  endedReason: string;
  costBreakdown?: CostBreakdown | null;
  recordingUrl: string;
  successEvaluation: string;
  structuredData?: Record<string, unknown> | null;
  phoneNumberId: string;
  type: string;
  intent: string;
  messages?: CallMessage[];
}

export interface CallsPage {
  calls: Call[];
  nextCursor: string | null;
}

export interface IntentCount {
  intent: string;
  count: number;
}

export interface AnalyticsTotals {
  totalCalls: number;
  successfulCalls: number;
  averageDuration: number;
  totalDuration: number;
  totalCost: number;
  satisfactionScore: number | null;
  topIntents: IntentCount[];
}

export interface AnalyticsDay extends AnalyticsTotals {
  /** YYYY-MM-DD (UTC). */
  date: string;
}

export interface Analytics {
  days: AnalyticsDay[];
  totals: AnalyticsTotals;
}

export interface AssistantAnalytics {
  assistantId: string;
  totalCalls: number;
  successfulCalls: number;
  totalDuration: number;
  totalCost: number;
}

export interface User {
  id: string;
  email: string;
  vapiOrgId?: string;
  createdAt?: string | number;
}

export interface Me extends User {
  callCount: number;
}

export type WebhookAuth = string;

export interface Settings {
  orgId: string;
  hasApiKey: boolean;
  keyHint: string;
  webhookUrl: string;
  webhookSecretSet: boolean;
  webhookAuth: WebhookAuth;
}

export interface SettingsUpdate {
  apiKey?: string;
  orgId?: string;
}

export interface RotatedSecret {
  webhookSecret: string;
  previousValidUntil: string | number | null;
}

export interface Token {
  id: string;
  name: string;
  createdAt?: string | number;
  lastUsedAt?: string | number | null;
}

export interface CreatedToken {
  id: string;
  name: string;
  /** The secret token: shown once. */
  token: string;
}

export interface ModelMessage {
  role: string;
  content: string;
  [key: string]: unknown;
}

export interface AssistantModel {
  provider: string;
  model: string;
  messages?: ModelMessage[];
  temperature?: number;
  maxTokens?: number;
  [key: string]: unknown;
}

export interface AssistantVoice {
  provider: string;
  voiceId: string;
  [key: string]: unknown;
}

/** A VAPI assistant (REFERENCE.md §4), passed through by Voice Matrix. */
export interface Assistant {
  id: string;
  orgId?: string;
  name?: string;
  firstMessage?: string;
  firstMessageMode?: string;
  model?: AssistantModel;
  voice?: AssistantVoice;
  endCallMessage?: string;
  maxDurationSeconds?: number;
  server?: { url?: string; [key: string]: unknown };
  serverUrl?: string;
  metadata?: Record<string, unknown>;
  createdAt?: string;
  updatedAt?: string;
  [key: string]: unknown;
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

export interface SyncState {
  syncType: string;
  /** Epoch ms or ISO string; 0/"" when never synced. */
  lastSyncTimestamp: number | string | null;
  syncStatus: string;
  errorMessage: string;
  syncedCount: number;
}
