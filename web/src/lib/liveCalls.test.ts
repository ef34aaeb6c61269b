import { describe, expect, it } from 'vitest';
import { INITIAL_LIVE, liveReducer, mergeLiveIntoList, parseCallEvent, type LiveState } from './liveCalls';
import { makeCall } from '../test/fixtures';

const live = (over: Parameters<typeof makeCall>[0]) => makeCall({ status: 'in-progress', outcome: 'in-progress', ...over });

describe('liveReducer', () => {
  it('adds a created (in-progress) call to the live list', () => {
    const s = liveReducer(INITIAL_LIVE, { type: 'call', call: live({ callId: 'vapi_1' }) });
    expect(s.inProgress.map((c) => c.callId)).toEqual(['vapi_1']);
    expect(s.ended).toEqual([]);
    expect(s.endedVersion).toBe(0);
  });

  it('updates a live call in place without reordering', () => {
    let s: LiveState = INITIAL_LIVE;
    s = liveReducer(s, { type: 'call', call: live({ callId: 'vapi_1', startedAt: '2026-03-02T10:00:00Z' }) });
    s = liveReducer(s, { type: 'call', call: live({ callId: 'vapi_2', startedAt: '2026-03-02T10:01:00Z' }) });
    expect(s.inProgress.map((c) => c.callId)).toEqual(['vapi_2', 'vapi_1']);
    s = liveReducer(s, { type: 'call', call: live({ callId: 'vapi_1', startedAt: '2026-03-02T10:00:00Z', callerName: 'Renamed', status: 'forwarding' }) });
    expect(s.inProgress.map((c) => c.callId)).toEqual(['vapi_2', 'vapi_1']);
    expect(s.inProgress[1]?.callerName).toBe('Renamed');
    expect(s.inProgress[1]?.status).toBe('forwarding');
  });

  it('moves an ended call out of the live list and bumps the version', () => {
    let s = liveReducer(INITIAL_LIVE, { type: 'call', call: live({ callId: 'vapi_1' }) });
    s = liveReducer(s, { type: 'call', call: makeCall({ callId: 'vapi_1', status: 'ended' }) });
    expect(s.inProgress).toEqual([]);
    expect(s.ended.map((c) => c.callId)).toEqual(['vapi_1']);
    expect(s.endedVersion).toBe(1);
  });

  it('replaces a repeated ended event (late end-of-call-report) instead of duplicating it', () => {
    let s = liveReducer(INITIAL_LIVE, { type: 'call', call: makeCall({ callId: 'vapi_1', summary: '' }) });
    s = liveReducer(s, { type: 'call', call: makeCall({ callId: 'vapi_1', summary: 'Booked' }) });
    expect(s.ended).toHaveLength(1);
    expect(s.ended[0]?.summary).toBe('Booked');
    expect(s.endedVersion).toBe(2);
  });

  it('ignores a late in-progress update for a call that already ended', () => {
    let s = liveReducer(INITIAL_LIVE, { type: 'call', call: makeCall({ callId: 'vapi_1' }) });
    const before = s;
    s = liveReducer(s, { type: 'call', call: live({ callId: 'vapi_1' }) });
    expect(s).toBe(before);
  });

  it('ignores events without a callId and resets', () => {
    const s = liveReducer(INITIAL_LIVE, { type: 'call', call: makeCall({ callId: '' }) });
    expect(s).toBe(INITIAL_LIVE);
    const t = liveReducer(liveReducer(INITIAL_LIVE, { type: 'call', call: live({}) }), { type: 'reset' });
    expect(t).toEqual(INITIAL_LIVE);
  });
});

describe('parseCallEvent / mergeLiveIntoList', () => {
  it('parses valid call JSON and rejects junk', () => {
    expect(parseCallEvent(JSON.stringify(makeCall()))?.callId).toBe('vapi_c1');
    expect(parseCallEvent('not json')).toBeNull();
    expect(parseCallEvent('{"x":1}')).toBeNull();
  });

  it('replaces listed calls in place and prepends new matching ones', () => {
    const list = [makeCall({ callId: 'vapi_a', cost: 1 }), makeCall({ callId: 'vapi_b' })];
    const ended = [makeCall({ callId: 'vapi_new', assistantId: 'x' }), makeCall({ callId: 'vapi_skip', assistantId: 'y' }), makeCall({ callId: 'vapi_a', cost: 2 })];
    const merged = mergeLiveIntoList(list, ended, (c) => c.assistantId !== 'y');
    expect(merged.map((c) => c.callId)).toEqual(['vapi_new', 'vapi_a', 'vapi_b']);
    expect(merged[1]?.cost).toBe(2);
  });
});
