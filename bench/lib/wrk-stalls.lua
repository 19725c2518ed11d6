-- wrk, for telling a stall inside muster serve from one outside it: one line per run with requests,
-- errors, p50/p95/p99 and max latency in ms (wrk's corrected histogram), plus the slowest answer by
-- the server's own clock (its Server-Timing header, app;dur=MS) and how many answers took the
-- server over 50 ms. If wrk's max is far above the server's, the time went before or after the
-- handler (sockets, the virtual-thread scheduler, the OS), not into it.
-- With MUSTER_WRK_ADDRS="host:port host:port" the threads connect to those addresses in turn (one
-- wrk process driving two servers: thread 1 the first, thread 2 the second, ...).
local threads = {}
local next_addr = 0

function setup(thread)
  local spec = os.getenv("MUSTER_WRK_ADDRS")
  if spec and spec ~= "" then
    local addrs = {}
    for hp in string.gmatch(spec, "%S+") do
      local h, p = string.match(hp, "^(.+):(%d+)$")
      table.insert(addrs, wrk.lookup(h, p)[1])
    end
    thread.addr = addrs[(next_addr % #addrs) + 1]
    next_addr = next_addr + 1
  end
  table.insert(threads, thread)
end

function init(args)
  max_app = 0
  slow_app = 0
end

function response(status, headers, body)
  local st = headers["Server-Timing"] or headers["server-timing"]
  if st then
    local d = tonumber(string.match(st, "dur=([%d%.]+)"))
    if d then
      if d > max_app then max_app = d end
      if d > 50 then slow_app = slow_app + 1 end
    end
  end
end

function done(summary, latency, requests)
  local m, s = 0, 0
  for _, t in ipairs(threads) do
    local tm = t:get("max_app")
    if tm and tm > m then m = tm end
    s = s + (t:get("slow_app") or 0)
  end
  local e = summary.errors
  io.write(string.format("WRK %d %d %.1f %.1f %.1f %.1f %.1f %d\n", summary.requests,
    e.status + e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, m, s))
end
