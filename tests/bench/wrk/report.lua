-- wrk's own summary is in text meant for people; this prints one line a bench can read:
-- requests, seconds, non-2xx/3xx answers, socket errors, and p50, p95, p99 latency in microseconds.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK %d %.3f %d %d %d %d %d\n",
    summary.requests, summary.duration / 1e6, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)
  ))
end
