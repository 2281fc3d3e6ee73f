-- POSTs the signed sandbox notifications in BODIES, one per request, each once (then from the top
-- again: repeats are duplicates, which the endpoint must acknowledge without effect). Counts answers
-- other than 200 "success". Run with one wrk thread so the counter is shared by its connections.
local bodies = {}
for line in io.lines(os.getenv("BODIES")) do bodies[#bodies + 1] = line end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  index = 0
  refused = 0
  sent = 0
  acknowledged = 0
end
function request()
  index = index % #bodies + 1
  sent = sent + 1
  return wrk.format("POST", "/api/v1/payments/notify/sandbox",
    { ["Content-Type"] = "application/x-www-form-urlencoded" }, bodies[index])
end
function response(status, headers, body)
  if status ~= 200 or body ~= "success" then refused = refused + 1 else acknowledged = acknowledged + 1 end
end
function done(summary, latency, requests)
  local t = threads[1]
  -- Requests still in flight when wrk stops are sent but never answered: only acknowledged ones count.
  io.write(string.format("SENT %d REFUSED %d ACKNOWLEDGED %d\n", t:get("sent"), t:get("refused"),
    math.min(t:get("acknowledged"), #bodies)))
end
