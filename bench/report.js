// Summarizes bench/ingest's summary.jsonl: medians per peer and the ratios voicematrix/peer.
const fs = require('fs');
const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const byPeer = {};
for (const l of lines) (byPeer[l.peer] ??= []).push(l);
const rows = {};
for (const [peer, runs] of Object.entries(byPeer)) {
  const rss = runs.map((r) => (r.rss_max_kb ?? r.rss?.server_max_kb ?? 0) + (r.rss?.dynalite_max_kb ?? 0));
  const stored = runs.map((r) => r.stored_matches);
  rows[peer] = {
    runs: runs.length,
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50_ms)),
    p99: median(runs.map((r) => r.p99_ms)),
    rssMiB: median(rss) / 1024,
    non2xx: runs.reduce((a, r) => a + (r.non2xx ?? 0), 0),
    errors: runs.reduce((a, r) => a + (r.errors_connect ?? 0) + (r.errors_read ?? 0) + (r.errors_timeout ?? 0), 0),
    storedOk: stored.every((s) => s !== false),
  };
}
const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '-');
console.log('peer          runs    req/s   p50 ms   p99 ms  RSS MiB  non2xx  errors  rows==2xx');
for (const [peer, r] of Object.entries(rows))
  console.log(`${peer.padEnd(12)} ${String(r.runs).padStart(5)} ${fmt(r.rps, 0).padStart(8)} ${fmt(r.p50, 2).padStart(8)} ` +
    `${fmt(r.p99, 2).padStart(8)} ${fmt(r.rssMiB).padStart(8)} ${String(r.non2xx).padStart(7)} ${String(r.errors).padStart(7)}  ${r.storedOk ? 'yes' : 'NO'}`);
const vm = rows.voicematrix;
if (vm)
  for (const [peer, r] of Object.entries(rows)) {
    if (peer === 'voicematrix') continue;
    console.log(`ratio voicematrix/${peer}: req/s ${fmt(vm.rps / r.rps, 2)}x, p99 ${fmt(vm.p99 / r.p99, 3)}x, RSS ${fmt(vm.rssMiB / r.rssMiB, 2)}x`);
  }
