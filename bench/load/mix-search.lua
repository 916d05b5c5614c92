-- The mix of mix.lua without the directory views (contacts, person, country, timeline): search and release pages only (written when those views scanned the archive).

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
add(1, "/api/stats")

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
