-- A realistic query mix for `dateline serve`, for wrk: each request picks one path.
-- Weights (of 51): API searches 22 (plain words, phrases, filters, OR and prefixes,
-- a deep page without facets), release pages 20 (10 as HTML, 10 as JSON), the
-- search page 4, person, country, timeline, stats and contacts 1 each.
-- Release ids are read from the file named by $LOAD_IDS (bench/load.sh writes it).

local paths = {}

local function add(weight, path)
  for _ = 1, weight do
    paths[#paths + 1] = path
  end
end

add(6, "/api/search?q=migrants")
add(4, "/api/search?q=%22human+rights%22&sort=newest")
add(3, "/api/search?q=has%3Aquotes+country%3AUS")
add(3, "/api/search?q=blockchain+OR+crypto*&limit=20")
add(2, "/api/search?q=&sort=newest&offset=200&facets=0")
add(2, "/api/search?q=speaker%3ASmith")
add(2, "/api/search?q=published%3A2020..2022+has%3Acontacts")
add(3, "/?q=health")
add(1, "/?q=")
add(1, "/people/Smith")
add(1, "/countries/US")
add(1, "/api/countries/GB/timeline")
add(1, "/api/stats")
add(1, "/api/contacts?q=media")

local ok, lines = pcall(io.lines, os.getenv("LOAD_IDS") or "bench/load/ids.txt")
if ok then
  local n = 0
  for id in lines do
    if n < 10 and id ~= "" then
      add(1, "/api/releases/" .. id)
      add(1, "/releases/" .. id)
      n = n + 1
    end
  end
end

math.randomseed(os.time())

request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
