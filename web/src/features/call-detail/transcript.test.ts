import { describe, expect, it } from 'vitest';
import { parseTranscript } from './transcript';

describe('parseTranscript', () => {
  it('splits AI/User lines into turns by role', () => {
    const turns = parseTranscript('AI: Thanks for calling Harbor Dental.\nUser: Hi, I need a cleaning.\nAI: Sure, when?');
    expect(turns).toEqual([
      { role: 'assistant', speaker: 'AI', text: 'Thanks for calling Harbor Dental.' },
      { role: 'user', speaker: 'User', text: 'Hi, I need a cleaning.' },
      { role: 'assistant', speaker: 'AI', text: 'Sure, when?' },
    ]);
  });

  it('joins continuation lines to the previous turn and skips blank lines', () => {
    const turns = parseTranscript('User: first line\r\nsecond line\n\n  AI:   reply  ');
    expect(turns).toHaveLength(2);
    expect(turns[0]).toEqual({ role: 'user', speaker: 'User', text: 'first line\nsecond line' });
    expect(turns[1]?.text).toBe('reply');
  });

  it('accepts other speaker names and keeps colons inside the text', () => {
    const turns = parseTranscript('Bot: at 10:30?\nCustomer: yes: 10:30\nSystem: call transferred');
    expect(turns.map((t) => t.role)).toEqual(['assistant', 'user', 'system']);
    expect(turns[0]?.text).toBe('at 10:30?');
    expect(turns[1]?.text).toBe('yes: 10:30');
  });

  it('keeps text without a speaker as an unknown turn', () => {
    expect(parseTranscript('hello there')).toEqual([{ role: 'unknown', speaker: '', text: 'hello there' }]);
  });

  it('returns no turns for empty input', () => {
    expect(parseTranscript('')).toEqual([]);
    expect(parseTranscript(undefined)).toEqual([]);
    expect(parseTranscript(null)).toEqual([]);
  });
});
