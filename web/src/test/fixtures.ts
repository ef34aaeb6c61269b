import type { Assistant, Call } from '../api/schemas';

export function makeCall(over: Partial<Call> = {}): Call {
  return {
    callId: 'vapi_c1',
    vapiCallId: 'c1',
    timestamp: '2026-03-02T10:05:00.000Z',
    duration: 125,
    callerName: 'Dana Smith',
    callerPhone: '+15551234567',
    outcome: 'completed',
    outcomeLabel: 'Customer ended the call',
    successful: true,
    satisfaction: 8,
    cost: 0.1234,
    assistantId: 'a1',
    summary: 'Booked a cleaning.',
    status: 'ended',
    startedAt: '2026-03-02T10:02:55.000Z',
    endedAt: '2026-03-02T10:05:00.000Z',
    endedReason: 'customer-ended-call',
    costBreakdown: null,
    recordingUrl: '',
    successEvaluation: 'true',
    structuredData: null,
    phoneNumberId: 'p1',
    type: 'inboundPhoneCall',
    intent: 'booking',
    ...over,
  };
}

export function makeAssistant(over: Partial<Assistant> = {}): Assistant {
  return {
    id: 'a1',
    orgId: 'org1',
    name: 'Front Desk',
    firstMessage: 'Thanks for calling Harbor Dental, this is Riley. How can I help?',
    model: {
      provider: 'openai',
      model: 'gpt-4o-mini',
      temperature: 0.3,
      maxTokens: 250,
      messages: [{ role: 'system', content: 'You are Riley.' }],
      toolIds: ['tool-1'],
    },
    voice: { provider: 'vapi', voiceId: 'Elliot' },
    endCallMessage: 'Thanks for calling, goodbye!',
    maxDurationSeconds: 600,
    createdAt: '2026-01-14T09:12:33.401Z',
    updatedAt: '2026-02-27T16:40:02.118Z',
    ...over,
  };
}
