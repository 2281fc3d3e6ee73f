-- POSTs sign-ins to /api/v1/auth/token. Environment:
--   CREDENTIALS  file of "mobile password" lines (Benchmarks: crossing accounts bench-sign-in)
--   MODE         "correct": each request signs in the next account with its password, once each
--                (an account's per-account limit is 5 per 15 minutes);
--                "storm": every request is a wrong password for the first account in the file
--   FIRST        for "correct": skip this many lines (the storm's victim is line 1)
--   ADDRESS      a prefix for X-Forwarded-For; each request gets its own address (prefix.N), so the
--                per-address limit (30 per 15 minutes) is not what answers, unless ONE_ADDRESS=1
-- Run with one wrk thread so the counters are shared by its connections. Prints one line:
--   STATUS <status>=<count> ...
local lines = {}
for line in io.lines(os.getenv("CREDENTIALS")) do
  local mobile, password = line:match("^(%S+) (%S+)$")
  if mobile then lines[#lines + 1] = { mobile, password } end
end
local mode = os.getenv("MODE") or "correct"
local first = tonumber(os.getenv("FIRST") or "1")
local prefix = os.getenv("ADDRESS") or "10.0"
local oneAddress = os.getenv("ONE_ADDRESS") == "1"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  index = first
  counts = {}
  sent = 0
end
function request()
  sent = sent + 1
  local body
  if mode == "storm" then
    body = string.format('{"identifier":"%s","password":"wrong-%d"}', lines[1][1], sent)
  else
    index = index + 1
    if index > #lines then index = first + 1 end
    body = string.format('{"identifier":"%s","password":"%s"}', lines[index][1], lines[index][2])
  end
  local address = oneAddress and (prefix .. ".0.1")
    or string.format("%s.%d.%d", prefix, math.floor(sent / 250) % 250, sent % 250 + 1)
  return wrk.format("POST", "/api/v1/auth/token",
    { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = address }, body)
end
function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end
function done(summary, latency, requests)
  local t = threads[1]
  local c = t:get("counts")
  local parts = {}
  for status, count in pairs(c) do parts[#parts + 1] = status .. "=" .. count end
  table.sort(parts)
  io.write("STATUS " .. table.concat(parts, " ") .. "\n")
end
