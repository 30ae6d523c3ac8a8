-- wrk script for bench/soak.py. Readers rotate over the site's pages (one path a line in the
-- file named after wrk's `--`); each wrk thread counts its answers by status and by X-Cache,
-- and done() adds the threads' counts up and prints them, with latency percentiles, as
-- "soak ..." lines that soak.py reads.
--
--   wrk -t2 -c32 -d30s -s bench/soak.lua http://127.0.0.1:5000 -- paths.txt

local threads = {}

-- Percentiles printed for soak.py: fine in the tail, coarse below. soak.py bounds the
-- p99 of several runs together from these (wrk keeps one latency histogram per run).
-- (Not 100: wrk's percentile() rounds its rank past the last request; latency.max is exact.)
local PERCENTILES = {}
for p = 50, 98 do PERCENTILES[#PERCENTILES + 1] = p end
for p = 990, 999 do PERCENTILES[#PERCENTILES + 1] = p / 10 end
PERCENTILES[#PERCENTILES + 1] = 99.99

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("number", #threads)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  -- Threads start at different pages so they do not ask for the same page in step.
  position = (number * 7) % #paths
  statuses = {}
  cache_states = {}
end

function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end

function response(status, headers, body)
  local code = tostring(status)
  statuses[code] = (statuses[code] or 0) + 1
  local state = headers["X-Cache"] or headers["x-cache"] or "none"
  cache_states[state] = (cache_states[state] or 0) + 1
end

local function add(total, counts)
  for name, count in pairs(counts) do total[name] = (total[name] or 0) + count end
end

function done(summary, latency, requests)
  local all_statuses, all_states = {}, {}
  for _, thread in ipairs(threads) do
    add(all_statuses, thread:get("statuses"))
    add(all_states, thread:get("cache_states"))
  end
  io.write(string.format("soak requests %d\n", summary.requests))
  for code, count in pairs(all_statuses) do io.write(string.format("soak status %s %d\n", code, count)) end
  for state, count in pairs(all_states) do io.write(string.format("soak cache %s %d\n", state, count)) end
  local errors = summary.errors
  io.write(string.format("soak errors %d %d %d %d\n", errors.connect, errors.read, errors.write, errors.timeout))
  if summary.requests > 0 then
    io.write(string.format("soak max %d\n", latency.max))
    for _, p in ipairs(PERCENTILES) do
      io.write(string.format("soak percentile %s %d\n", tostring(p), latency:percentile(p)))
    end
  end
end
