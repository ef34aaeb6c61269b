import type { AnalyticsDay } from '../../api/schemas';
import { addDays, isoDate, parseLocalDate } from '../../lib/format';

export interface ChartDay {
  date: string;
  label: string;
  /** Bars: 0 on a day without calls. */
  totalCalls: number;
  /** Percent; null (a gap in the line) on a day without calls. */
  successRate: number | null;
  /** Seconds; null (a gap in the line) on a day without calls. */
  averageDuration: number | null;
  /** Bars: 0 on a day without calls. */
  totalCost: number;
  /** 0..10; null on a day without calls or without scores. */
  satisfaction: number | null;
}

const EMPTY_DAY = { totalCalls: 0, successfulCalls: 0, averageDuration: 0, totalDuration: 0, totalCost: 0, satisfactionScore: null };

/**
 * One row per day from `from` to `to` (inclusive, YYYY-MM-DD), so the x axis is continuous although the API
 * omits days without calls. Counts and costs of such days are 0; ratios and averages are null, which the
 * line charts draw as gaps (an average of nothing is not 0:00, a success rate of no calls is not 0%).
 */
export function fillDays(days: AnalyticsDay[], from: string, to: string): ChartDay[] {
  const byDate = new Map(days.map((d) => [d.date, d]));
  const start = parseLocalDate(from);
  const end = parseLocalDate(to);
  const dates: string[] = [];
  if (start && end && start <= end) {
    for (let d = start, n = 0; d <= end && n < 1000; d = addDays(d, 1), n++) dates.push(isoDate(d));
  }
  // Days the API returned outside the requested window still get shown.
  for (const d of days) if (!dates.includes(d.date)) dates.push(d.date);
  dates.sort();
  return dates.map((date) => {
    const d = byDate.get(date) ?? { ...EMPTY_DAY, date, topIntents: [] };
    const hasCalls = d.totalCalls > 0;
    const md = /^\d{4}-(\d{2})-(\d{2})$/.exec(date);
    return {
      date,
      label: md ? `${md[1]}/${md[2]}` : date,
      totalCalls: d.totalCalls,
      successRate: hasCalls ? Math.round((d.successfulCalls / d.totalCalls) * 1000) / 10 : null,
      averageDuration: hasCalls && Number.isFinite(d.averageDuration) ? Math.round(d.averageDuration) : null,
      totalCost: Math.round(d.totalCost * 100) / 100,
      satisfaction: hasCalls ? (d.satisfactionScore ?? null) : null,
    };
  });
}

export function rangeFor(days: number, today = new Date()): { from: string; to: string } {
  return { from: isoDate(addDays(today, -(days - 1))), to: isoDate(today) };
}
