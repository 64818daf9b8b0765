-- Hashslot's EVAL sandbox on stock Lua 5.1: the globals and libraries Redis 7.0 gives scripts, its error handler,
-- and its read-only tables. Redis patches Lua with a read-only flag on tables; here every protected table is an
-- empty proxy whose metatable reads through to the real table and refuses writes, and the few builtins that bypass
-- metatables (rawset, rawget, next, pairs, setmetatable, getmetatable; written in Java) see through proxies or
-- refuse them. As in the patched Redis 7.0.15 the reference runs, getfenv, setfenv and newproxy are not available.
-- Functions defined here run with the chunk name "@hashslot"; the error handler skips their frames so errors point
-- at the user's line as in Redis.
local java, redis, cjson, bit, struct, cmsgpack = ...

local G = _G
local dbg = debug
local getinfo, sethook = dbg.getinfo, dbg.sethook
local type, error, tostring, ipairs = type, error, tostring, ipairs
local o_rawset, o_rawget, o_next = rawset, rawget, next
local o_setmetatable, o_getmetatable = setmetatable, getmetatable
local o_loadstring, o_load = loadstring, load
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

-- libraries Redis loads besides the Lua ones
G.redis, G.cjson, G.bit, G.struct, G.cmsgpack = redis, cjson, bit, struct, cmsgpack

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

-- builtins replaced by Java functions (C functions, like Redis's own, so errors point at the caller): pcall with
-- Redis's error tables, loadstring/load refusing binary chunks, and the ones that bypass metatables seeing
-- through read-only proxies
for _, name in ipairs({'pcall', 'loadstring', 'load', 'rawset', 'rawget', 'next', 'pairs', 'setmetatable',
                      'getmetatable'}) do
  o_rawset(G, name, java[name])
end

-- coroutines get the kill hook too (Lua keeps hooks per coroutine): coroutine.create and wrap are Java
local co_real = coroutine
local o_cocreate, o_resume = co_real.create, co_real.resume
co_real.create = java.cocreate
co_real.wrap = java.cowrap

-- load() reads chunk pieces through this, so that a binary chunk is parsed as text (and refused)
local function make_reader(f)
  local first = true
  return function()
    local piece = f()
    if first then
      first = false
      if type(piece) == 'string' and piece:byte(1) == 27 then return ' ' .. piece end
    end
    return piece
  end
end

-- globals Redis allows; anything else (print, dofile, loadfile, luajava's java, debug) goes
local allowed = {}
for name in ([[string cjson bit cmsgpack math table struct redis __redis__err__handler xpcall tostring
  setmetatable next assert tonumber rawequal collectgarbage getmetatable rawset pcall coroutine type _G select unpack
  gcinfo pairs rawget loadstring ipairs _VERSION load error]]):gmatch('%S+') do
  allowed[name] = true
end
local remove = {}
for k in o_next, G do
  if not allowed[k] then remove[#remove + 1] = k end
end
for _, k in ipairs(remove) do o_rawset(G, k, nil) end

-- reading an undefined global fails as in Redis
local function missing_global(t, k)
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
local string_mt = o_getmetatable('')
string_mt.__index = o_rawget(G, 'string')

local shown_global_mt = protect({__index = missing_global})
local P = {}
o_setmetatable(P, {
  __index = G,
  __newindex = function(t, k, v)
    if k == THROWABLE then return end -- luajava clears it after every Java call; nothing is ever kept
    readonly_write()
  end,
  __metatable = false,
})
real_of[P] = G
shown_mt[P] = shown_global_mt
o_rawset(G, '_G', P)

return P, G, err_handler, {
  real_of = real_of, shown_mt = shown_mt, string_mt = protect(string_mt),
  next = o_next, loadstring = o_loadstring, load = o_load, make_reader = make_reader, getinfo = getinfo,
  sethook = sethook, hook = hook, cocreate = o_cocreate, resume = o_resume,
}
