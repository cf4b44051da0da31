-- Prints wrk's summary as one JSON line for bench/run.py (latencies in microseconds).
-- With the argument "uncached" (wrk ... -- uncached) every request carries a query parameter of
-- its own, so no request is answered from a cache keyed by the query string.
local threads = 0

setup = function(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

init = function(args)
  uncached = args[1] == "uncached"
  sent = 0
end

request = function()
  if not uncached then
    return wrk.format()
  end
  sent = sent + 1
  local separator = wrk.path:find("?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "bench=" .. thread_number .. "-" .. sent)
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, '
      .. '"p99_us": %d, "bad_status": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.errors.status, errors))
end
