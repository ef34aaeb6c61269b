-- wrk script for bench/soak: dashboard reads with an API token, rotating over the list, a filtered list,
-- the analytics and the metrics. done() prints one line: READS {"requests":..,"non2xx":..,"errors":..}
--   wrk ... -s bench/soak-reads.lua http://127.0.0.1:PORT -- TOKEN
local paths = {
  "/api/calls?limit=50",
  "/api/calls?limit=20&outcome=completed",
  "/api/analytics?from=2026-03-01&to=2026-03-31",
  "/api/calls?limit=10&q=appointment",
  "/healthz",
}
local token, i

function init(args)
  token = args[1]
  i = 0
end

function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], { ["Authorization"] = "Bearer " .. token })
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('READS {"requests":%d,"non2xx":%d,"errors":%d,"rps":%.1f,"p99_ms":%.3f}\n',
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout,
    summary.requests / (summary.duration / 1e6), latency:percentile(99) / 1000))
end
