-- Hashslot's EVAL sandbox on stock Lua 5.1: the globals and libraries Redis 7.0 gives scripts, its error handler,
-- and its read-only tables. Redis patches Lua with a read-only flag on tables; here every protected table is an
-- empty proxy whose metatable reads through to the real table and refuses writes, and the few builtins that bypass
-- metatables (rawset, rawget, next, pairs, setmetatable, getmetatable) see through proxies or refuse them.
-- Functions defined here run with the chunk name "@hashslot"; the error handler skips their frames so errors point
-- at the user's line as in Redis.
local java, redis, cjson, bit, struct, cmsgpack = ...

local G = _G
local dbg = debug
local getinfo, sethook, dgetmetatable = dbg.getinfo, dbg.sethook, dbg.getmetatable
local type, error, tostring, tonumber, select = type, error, tostring, tonumber, select
local o_rawset, o_rawget, o_next, o_pairs = rawset, rawget, next, pairs
local o_setmetatable, o_getmetatable = setmetatable, getmetatable
local o_loadstring, o_load, o_pcall = loadstring, load, pcall
local SELF = '@hashslot'
local THROWABLE = '__jthrowable__'   -- luajava sets this global around every Java call

-- proxy -> real table, and proxy -> what getmetatable() shows for it
local real_of = o_setmetatable({}, {__mode = 'k'})
local shown_mt = o_setmetatable({}, {__mode = 'k'})

local function readonly_write()
  error('Attempt to modify a readonly table', 3)
end

local function protect(t, visible_mt)
  local p = {}
  o_setmetatable(p, {__index = t, __newindex = function() readonly_write() end, __metatable = false})
  real_of[p] = t
  shown_mt[p] = visible_mt
  return p
end

local function type_of_arg(n, ...)
  if select('#', ...) < n then return 'no value' end
  return type((select(n, ...)))
end

local function argerror(n, fname, msg)
  error('bad argument #' .. n .. " to '" .. fname .. "' (" .. msg .. ')', 3)
end

local function check_table(n, fname, ...)
  if type((select(n, ...))) ~= 'table' then
    argerror(n, fname, 'table expected, got ' .. type_of_arg(n, ...))
  end
end

-- libraries Redis loads besides the Lua ones
G.redis, G.cjson, G.bit, G.struct, G.cmsgpack = redis, cjson, bit, struct, cmsgpack

-- Redis's pcall: an error table with an err field comes back as its message (Redis 6 behaviour)
local function pcall_result(ok, ...)
  if ok then return ok, ... end
  local e = ...
  if type(e) == 'table' then
    local m = e.err
    local tm = type(m)
    if tm == 'string' or tm == 'number' then return false, m end
    return false, e, m
  end
  return false, ...
end
G.pcall = function(...) return pcall_result(o_pcall(...)) end

-- the error handler of every script call (Redis's __redis__err__handler)
local function err_handler(err)
  local level = 2
  local i = getinfo(level, 'nSl')
  if i and i.what == 'C' then
    level = level + 1
    i = getinfo(level, 'nSl')
  end
  while i and i.source == SELF do
    level = level + 1
    i = getinfo(level, 'nSl')
    if i and i.what == 'C' then
      level = level + 1
      i = getinfo(level, 'nSl')
    end
  end
  if type(err) ~= 'table' then
    err = {err = 'ERR ' .. tostring(err)}
  end
  if i then
    err['source'] = i.source
    err['line'] = i.currentline
  end
  return err
end
G.__redis__err__handler = err_handler

-- SCRIPT KILL: a count hook asks Java; once killed, a line hook keeps failing so pcall cannot swallow it
local interrupted = java.interrupted
local function hook()
  if interrupted() then
    sethook(hook, 'l')
    error({err = 'ERR Script killed by user with SCRIPT KILL...'})
  end
end
local function set_hook(on)
  if on then sethook(hook, '', 100000) else sethook() end
end

-- binary chunks are refused as in Redis (its Lua only has the text parser): a leading space makes the text
-- parser report the escape byte exactly as Redis's does
G.loadstring = function(...)
  local s, name = ...
  local ts = type(s)
  if ts ~= 'string' and ts ~= 'number' then
    argerror(1, 'loadstring', 'string expected, got ' .. type_of_arg(1, ...))
  end
  s = tostring(s)
  if name == nil then
    name = s
  elseif type(name) ~= 'string' and type(name) ~= 'number' then
    argerror(2, 'loadstring', 'string expected, got ' .. type(name))
  end
  if s:byte(1) == 27 then s = ' ' .. s end
  return o_loadstring(s, name)
end
G.load = function(...)
  local f, name = ...
  if type(f) ~= 'function' then
    argerror(1, 'load', 'function expected, got ' .. type_of_arg(1, ...))
  end
  local first = true
  return o_load(function()
    local piece = f()
    if first then
      first = false
      if type(piece) == 'string' and piece:byte(1) == 27 then return ' ' .. piece end
    end
    return piece
  end, name)
end

-- builtins that bypass metatables
G.rawset = function(...)
  check_table(1, 'rawset', ...)
  if select('#', ...) < 2 then argerror(2, 'rawset', 'value expected') end
  if select('#', ...) < 3 then argerror(3, 'rawset', 'value expected') end
  if real_of[(...)] then error('Attempt to modify a readonly table', 0) end
  return o_rawset(...)
end
G.rawget = function(...)
  check_table(1, 'rawget', ...)
  if select('#', ...) < 2 then argerror(2, 'rawget', 'value expected') end
  local t, k = ...
  return o_rawget(real_of[t] or t, k)
end
local function next_(...)
  check_table(1, 'next', ...)
  local t, k = ...
  return o_next(real_of[t] or t, k)
end
G.next = next_
G.pairs = function(...)
  check_table(1, 'pairs', ...)
  local t = ...
  if real_of[t] then return next_, t, nil end
  return o_pairs(t)
end
G.setmetatable = function(...)
  check_table(1, 'setmetatable', ...)
  local tm = type_of_arg(2, ...)
  if tm ~= 'nil' and tm ~= 'table' then argerror(2, 'setmetatable', 'nil or table expected') end
  local t, mt = ...
  if real_of[t] then error('Attempt to modify a readonly table', 0) end
  local cur = dgetmetatable(t)
  if cur and o_rawget(cur, '__metatable') ~= nil then
    error('cannot change a protected metatable', 2)
  end
  return o_setmetatable(t, mt)
end
G.getmetatable = function(...)
  if select('#', ...) == 0 then argerror(1, 'getmetatable', 'value expected') end
  local o = ...
  if real_of[o] then return shown_mt[o] end
  return o_getmetatable(o)
end

-- globals Redis allows; anything else (print, dofile, loadfile, luajava's java, debug) goes
local allowed = {}
for name in ([[string cjson bit cmsgpack math table struct redis __redis__err__handler xpcall tostring getfenv
  setmetatable next assert tonumber rawequal collectgarbage getmetatable rawset pcall coroutine type _G select unpack
  gcinfo pairs rawget loadstring ipairs _VERSION setfenv load error newproxy]]):gmatch('%S+') do
  allowed[name] = true
end
local remove = {}
for k in o_next, G do
  if not allowed[k] then remove[#remove + 1] = k end
end
for _, k in ipairs(remove) do o_rawset(G, k, nil) end

-- reading an undefined global fails as in Redis; luajava's own global is let through
local function missing_global(t, k)
  if k == THROWABLE then return nil end
  local tk = type(k)
  if tk ~= 'string' and tk ~= 'number' then
    error('Second argument to luaProtectedTableError must be a string or number', 2)
  end
  error("Script attempted to access nonexistent global variable '" .. tostring(k) .. "'", 2)
end
o_setmetatable(G, {__index = missing_global})

-- every table reachable from the globals becomes read-only
for _, name in ipairs({'string', 'cjson', 'bit', 'cmsgpack', 'math', 'table', 'struct', 'redis', 'coroutine'}) do
  o_rawset(G, name, protect(o_rawget(G, name)))
end
o_getmetatable('').__index = o_rawget(G, 'string')

local shown_global_mt = protect({__index = missing_global})
local P = {}
o_setmetatable(P, {
  __index = G,
  __newindex = function(t, k, v)
    if k == THROWABLE then o_rawset(G, k, v) return end
    readonly_write()
  end,
  __metatable = false,
})
real_of[P] = G
shown_mt[P] = shown_global_mt
o_rawset(G, '_G', P)

return P, G, err_handler, set_hook
