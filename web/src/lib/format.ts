// Display formatting. Times are shown in the browser's time zone.

/** Seconds as m:ss below an hour, h:mm:ss from an hour up (e.g. 5940 → "1:39:00"). */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '0:00';
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A long id shortened for display: first 8 characters and "…" (ids of 8 or fewer characters unchanged). */
export function shortId(id: string, keep = 8): string {
  return id.length > keep ? `${id.slice(0, keep)}…` : id;
}

export function formatCost(usd: number | null | undefined, digits = 2): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return '$0.00';
  // Per-call costs are often fractions of a cent: keep enough digits to be meaningful.
  const d = Math.abs(usd) > 0 && Math.abs(usd) < 0.01 ? 4 : digits;
  return `$${usd.toFixed(d)}`;
}

export function toDate(value: string | number | null | undefined): Date | null {
  if (value === null || value === undefined || value === '' || value === 0) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatDateTime(value: string | number | null | undefined): string {
  const d = toDate(value);
  if (!d) return '—';
  return d.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${Math.round(ratio * 1000) / 10}%`;
}

/** YYYY-MM-DD of a Date in local time. */
export function isoDate(d: Date): string {
  const y = d.getFullYear();
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}

/** Local midnight of a YYYY-MM-DD string, or null when invalid. */
export function parseLocalDate(ymd: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) ? null : d;
}

export function addDays(d: Date, n: number): Date {
  const r = new Date(d);
  r.setDate(r.getDate() + n);
  return r;
}
