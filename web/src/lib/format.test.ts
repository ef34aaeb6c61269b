import { describe, expect, it } from 'vitest';
import { formatDuration, shortId } from './format';

describe('formatDuration', () => {
  it('shows m:ss below an hour', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(5)).toBe('0:05');
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(599.6)).toBe('10:00');
    expect(formatDuration(3599)).toBe('59:59');
  });

  it('shows h:mm:ss from an hour up', () => {
    expect(formatDuration(3600)).toBe('1:00:00');
    expect(formatDuration(3661)).toBe('1:01:01');
    expect(formatDuration(5940)).toBe('1:39:00');
    expect(formatDuration(356403)).toBe('99:00:03');
    // Rounding up to a full hour switches format.
    expect(formatDuration(3599.6)).toBe('1:00:00');
  });

  it('treats missing or invalid values as 0:00', () => {
    expect(formatDuration(null)).toBe('0:00');
    expect(formatDuration(undefined)).toBe('0:00');
    expect(formatDuration(Number.NaN)).toBe('0:00');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('0:00');
    expect(formatDuration(-3)).toBe('0:00');
  });
});

describe('shortId', () => {
  it('keeps the first 8 characters and adds an ellipsis', () => {
    expect(shortId('0c5a2f1e-8d4b-4f3a-9e1c-7b2d6a9f0e11')).toBe('0c5a2f1e…');
    expect(shortId('abcdefgh')).toBe('abcdefgh');
    expect(shortId('abc')).toBe('abc');
    expect(shortId('')).toBe('');
  });
});
