/** One headline number with its label, as on the overview and analytics pages. */
export function Stat({ label, value, testid }: { label: string; value: string; testid?: string }) {
  return (
    <div className="stat" data-testid={testid}>
      <div className="stat-value">{value}</div>
      <div className="stat-label">{label}</div>
    </div>
  );
}
