-- A mix with many distinct requests, so that few repeat within a run: the same
-- kinds and weights as mix.lua, but each search draws its words, filters, sort and
-- page from lists (about 9,000 distinct searches), release pages from the 50 ids
-- bench/load.sh writes to $LOAD_IDS, and person, country, timeline and contacts
-- views from lists of names, codes and filters. With the server's response cache on,
-- this measures mostly uncached requests; mix.lua measures a repeated mix.

local words = {
  "migrants", "refugees", "health", "children", "climate", "vaccine", "energy",
  "announced", "technology", "financial", "partnership", "emergency", "water",
  "education", "women", "market", "security", "investment", "government",
  "agreement", "conference", "report", "program", "humanitarian", "shareholders",
  "community", "launch", "research", "growth", "food",
}
local phrases = {
  "%22human+rights%22", "%22press+release%22", "%22climate+change%22",
  "%22united+nations%22", "%22supply+chain%22", "%22public+health%22",
}
local filters = {
  "", "", "", "country%3AUS+", "country%3AKE+", "country%3AUZ+", "org%3AUNHCR+",
  "org%3AWHO+", "has%3Aquotes+", "has%3Acontacts+", "published%3A2020..2022+",
  "site%3AReliefWeb+", "speaker%3ASwing+", "-country%3AUS+",
}
local sorts = { "", "&sort=newest", "&sort=oldest" }
local people = {
  "William%20Lacy%20Swing", "Amy%20Pope", "Filippo%20Grandi", "Catherine%20Russell",
  "Cindy%20McCain", "Achim%20Steiner", "Joe%20Lowry", "Maria%20Santos", "John%20Smith",
  "Swing", "Pope", "Grandi",
}
local countries = {
  "US", "GB", "DE", "CH", "UZ", "KZ", "KE", "NG", "BD", "UA", "AF", "FR", "IN", "BR",
  "JP", "CA", "AU", "ZA", "TR", "KG",
}
local contact_filters = { "media", "press", "officer", "example.org", "iom", "1", "2", "3" }

local ids = {}
local ok, lines = pcall(io.lines, os.getenv("LOAD_IDS") or "bench/load/ids.txt")
if ok then
  for id in lines do
    if id ~= "" then
      ids[#ids + 1] = id
    end
  end
end

local function pick(list)
  return list[math.random(#list)]
end

local function search_query()
  local q = pick(filters)
  if math.random(4) == 1 then
    q = q .. pick(phrases)
  else
    q = q .. pick(words)
  end
  return q
end

-- Weights as in mix.lua (of 51).
local kinds = {}
local function add(weight, f)
  for _ = 1, weight do
    kinds[#kinds + 1] = f
  end
end

add(22, function()
  local page = ""
  if math.random(5) == 1 then
    page = "&offset=" .. (10 * math.random(0, 20))
  end
  return "/api/search?q=" .. search_query() .. pick(sorts) .. page
end)
add(4, function()
  return "/?q=" .. search_query() .. pick(sorts)
end)
add(1, function()
  return "/people/" .. pick(people)
end)
add(1, function()
  return "/countries/" .. pick(countries)
end)
add(1, function()
  return "/api/countries/" .. pick(countries) .. "/timeline"
end)
add(1, function()
  return "/api/stats"
end)
add(1, function()
  return "/api/contacts?q=" .. pick(contact_filters) .. "&offset=" .. (50 * math.random(0, 9))
end)
if #ids > 0 then
  add(10, function()
    return "/api/releases/" .. pick(ids)
  end)
  add(10, function()
    return "/releases/" .. pick(ids)
  end)
end

math.randomseed(os.time())

request = function()
  return wrk.format("GET", pick(kinds)())
end
