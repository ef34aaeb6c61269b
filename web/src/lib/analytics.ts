import type { AnalyticsDay } from '../api/types';
import { addDays, isoDate, parseLocalDate } from './format';

export interface ChartDay {
  date: string;
  label: string;
  totalCalls: number;
  successRate: number | null;
  averageDuration: number;
  totalCost: number;
  satisfaction: number | null;
}

const EMPTY_DAY = { totalCalls: 0, successfulCalls: 0, averageDuration: 0, totalDuration: 0, totalCost: 0, satisfactionScore: null };

/** One row per day from `from` to `to` (inclusive, YYYY-MM-DD), zero-filled where the API has no row. */
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
    const md = /^\d{4}-(\d{2})-(\d{2})$/.exec(date);
    return {
      date,
      label: md ? `${md[1]}/${md[2]}` : date,
      totalCalls: d.totalCalls,
      successRate: d.totalCalls > 0 ? Math.round((d.successfulCalls / d.totalCalls) * 1000) / 10 : null,
      averageDuration: Math.round(d.averageDuration),
      totalCost: Math.round(d.totalCost * 100) / 100,
      satisfaction: d.satisfactionScore,
    };
  });
}

export function rangeFor(days: number, today = new Date()): { from: string; to: string } {
  return { from: isoDate(addDays(today, -(days - 1))), to: isoDate(today) };
}
