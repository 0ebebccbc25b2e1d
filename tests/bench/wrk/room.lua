-- A facilitator's keys, for `wrk URL -- MEETING TOKEN PACE_MS MODE EIDS CODES` (tests/bench/test_meeting_live.py):
-- MEETING is the meeting's API path, EIDS and CODES comma-separated. MODE `keys`: in turn the pointer to the next
-- paragraph and back, a light, the floor asked for a delegation and given to it (the console's keys, each answered
-- before the next; PACE_MS between them); `lights`: lights only. report.lua's line at the end.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local function split(text)
  local items = {}
  for item in string.gmatch(text, "[^,]+") do
    items[#items + 1] = item
  end
  return items
end

local meeting, headers, pace, mode, eids, codes
local turn = 0
local colours = { "green", "yellow", "red", "white" }

init = function(args)
  meeting, pace, mode = args[1], tonumber(args[3]), args[4]
  eids, codes = split(args[5]), split(args[6])
  headers = { ["Authorization"] = "Bearer " .. args[2], ["Content-Type"] = "application/json" }
end

local function light(n)
  local eid = eids[n % #eids + 1]
  local body = string.format('{"light": "%s"}', colours[n % #colours + 1])
  return wrk.format("PUT", meeting .. "/lights/" .. eid, headers, body)
end

request = function()
  turn = turn + 1
  if mode == "lights" then
    return light(turn)
  end
  local round, key = math.floor((turn - 1) / 5), (turn - 1) % 5
  if key == 0 then
    return wrk.format("PUT", meeting .. "/pointer", headers, '{"eid": "next"}')
  elseif key == 1 then
    return wrk.format("PUT", meeting .. "/pointer", headers, '{"eid": "previous"}')
  elseif key == 2 then
    return light(round)
  elseif key == 3 then
    local body = string.format('{"delegation": "%s", "intent": "support"}', codes[round % #codes + 1])
    return wrk.format("POST", meeting .. "/floor", headers, body)
  end
  return wrk.format("POST", meeting .. "/floor/next", headers, "{}")
end

delay = function()
  return pace
end
