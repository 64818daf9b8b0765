package io.hashslot.scripting;

import java.io.ByteArrayOutputStream;
import party.iroiro.luajava.Lua;

/** cjson.decode: JSON text to Lua values (null as cjson.null), with lua-cjson's tokens and error messages. */
final class JsonDecoder {
    private static final int OBJ_BEGIN = 0;
    private static final int OBJ_END = 1;
    private static final int ARR_BEGIN = 2;
    private static final int ARR_END = 3;
    private static final int STRING = 4;
    private static final int NUMBER = 5;
    private static final int BOOLEAN = 6;
    private static final int NULL = 7;
    private static final int COLON = 8;
    private static final int COMMA = 9;
    private static final int END = 10;
    private static final int ERROR = 12;
    private static final String[] NAMES = {"T_OBJ_BEGIN", "T_OBJ_END", "T_ARR_BEGIN", "T_ARR_END", "T_STRING",
        "T_NUMBER", "T_BOOLEAN", "T_NULL", "T_COLON", "T_COMMA", "T_END", "T_WHITESPACE", "T_ERROR", "T_UNKNOWN"};

    private final CjsonLib cfg;
    private final LuaRuntime rt;
    private final Lua L;
    private final long p;
    private byte[] data;
    private int pos;
    private int depth;

    /** The current token. */
    private int type;
    private int index;
    private String error;
    private byte[] string;
    private double number;
    private boolean bool;

    JsonDecoder(CjsonLib cfg, Lua L) {
        this.cfg = cfg;
        this.rt = cfg.rt;
        this.L = L;
        this.p = L.getPointer();
    }

    int decode() {
        if (rt.natives.lua_gettop(p) != 1) {
            LuaArgs.argError(rt, L, 1, "decode", "expected 1 argument");
        }
        data = LuaArgs.checkBytes(rt, L, 1, "decode");
        if (data.length >= 2 && (data[0] == 0 || data[1] == 0)) {
            return rt.raise(L, "JSON parser does not support UTF-16 or UTF-32");
        }
        next();
        value();
        next();
        if (type != END) {
            throwParse("the end");
        }
        return 1;
    }

    private int at(int i) {
        return i < data.length ? data[i] & 0xff : 0;
    }

    private void throwParse(String expected) {
        String found = type == ERROR ? error : NAMES[type];
        rt.raise(L, "Expected " + expected + " but found " + found + " at character " + (index + 1));
        throw new LuaRuntime.Raise();
    }

    private void tokenError(String what) {
        type = ERROR;
        index = pos;
        error = what;
    }

    private void next() {
        int ch;
        while ((ch = at(pos)) == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            pos++;
        }
        index = pos;
        switch (ch) {
            case '{' -> single(OBJ_BEGIN);
            case '}' -> single(OBJ_END);
            case '[' -> single(ARR_BEGIN);
            case ']' -> single(ARR_END);
            case ',' -> single(COMMA);
            case ':' -> single(COLON);
            case 0 -> type = END;
            case '"' -> stringToken();
            default -> {
                if (ch == '-' || (ch >= '0' && ch <= '9')) {
                    if (!cfg.decodeInvalidNumbers && invalidNumber()) {
                        tokenError("invalid number");
                        return;
                    }
                    numberToken();
                } else if (starts("true")) {
                    type = BOOLEAN;
                    bool = true;
                    pos += 4;
                } else if (starts("false")) {
                    type = BOOLEAN;
                    bool = false;
                    pos += 5;
                } else if (starts("null")) {
                    type = NULL;
                    pos += 4;
                } else if ((ch == 'i' || ch == 'I' || ch == 'n' || ch == 'N' || ch == '+')
                    && cfg.decodeInvalidNumbers && invalidNumber()) {
                    numberToken();
                } else {
                    tokenError("invalid token");
                }
            }
        }
    }

    private void single(int t) {
        type = t;
        pos++;
    }

    private boolean starts(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (at(pos + i) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean startsIgnoreCase(int from, String word) {
        for (int i = 0; i < word.length(); i++) {
            if (Character.toLowerCase(at(from + i)) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** json_is_invalid_number: forms strtod accepts but JSON does not (+, leading zeros, hex, inf, nan). */
    private boolean invalidNumber() {
        int i = pos;
        if (at(i) == '+') {
            return true;
        }
        if (at(i) == '-') {
            i++;
        }
        if (at(i) == '0') {
            int c2 = at(i + 1);
            return (c2 | 0x20) == 'x' || (c2 >= '0' && c2 <= '9');
        } else if (at(i) <= '9') {
            return false;
        }
        return startsIgnoreCase(i, "inf") || startsIgnoreCase(i, "nan");
    }

    private void numberToken() {
        CNumbers.Parsed n = CNumbers.strtod(cString(), pos);
        if (n.end() == pos) {
            tokenError("invalid number");
            return;
        }
        type = NUMBER;
        number = n.value();
        pos = n.end();
    }

    private byte[] cstr;

    /** The input up to its first NUL, as the C parser sees it. */
    private byte[] cString() {
        if (cstr == null) {
            int n = 0;
            while (n < data.length && data[n] != 0) {
                n++;
            }
            cstr = n == data.length ? data : java.util.Arrays.copyOf(data, n);
        }
        return cstr;
    }

    private static int hexDigit(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        c |= 0x20;
        return c >= 'a' && c <= 'f' ? 10 + c - 'a' : -1;
    }

    private int hex4(int at) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = hexDigit(at(at + i));
            if (d < 0) {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
    }

    private void stringToken() {
        pos++;
        ByteArrayOutputStream tmp = new ByteArrayOutputStream();
        int ch;
        while ((ch = at(pos)) != '"') {
            if (ch == 0) {
                tokenError("unexpected end of string");
                return;
            }
            if (ch == '\\') {
                int esc = at(pos + 1);
                int c = switch (esc) {
                    case '"' -> '"';
                    case '\\' -> '\\';
                    case '/' -> '/';
                    case 'b' -> '\b';
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'f' -> '\f';
                    case 'r' -> '\r';
                    case 'u' -> 'u';
                    default -> 0;
                };
                if (c == 'u') {
                    if (unicodeEscape(tmp)) {
                        continue;
                    }
                    tokenError("invalid unicode escape code");
                    return;
                }
                if (c == 0) {
                    tokenError("invalid escape code");
                    return;
                }
                pos++;
                ch = c;
            }
            tmp.write(ch);
            pos++;
        }
        pos++;
        type = STRING;
        string = tmp.toByteArray();
    }

    private boolean unicodeEscape(ByteArrayOutputStream tmp) {
        int cp = hex4(pos + 2);
        int len = 6;
        if (cp < 0) {
            return false;
        }
        if ((cp & 0xF800) == 0xD800) {
            if ((cp & 0x400) != 0) {
                return false;
            }
            if (at(pos + 6) != '\\' || at(pos + 7) != 'u') {
                return false;
            }
            int low = hex4(pos + 8);
            if (low < 0 || (low & 0xFC00) != 0xDC00) {
                return false;
            }
            cp = (((cp & 0x3FF) << 10) | (low & 0x3FF)) + 0x10000;
            len = 12;
        }
        if (cp <= 0x7F) {
            tmp.write(cp);
        } else if (cp <= 0x7FF) {
            tmp.write((cp >> 6) | 0xC0);
            tmp.write((cp & 0x3F) | 0x80);
        } else if (cp <= 0xFFFF) {
            tmp.write((cp >> 12) | 0xE0);
            tmp.write(((cp >> 6) & 0x3F) | 0x80);
            tmp.write((cp & 0x3F) | 0x80);
        } else {
            tmp.write((cp >> 18) | 0xF0);
            tmp.write(((cp >> 12) & 0x3F) | 0x80);
            tmp.write(((cp >> 6) & 0x3F) | 0x80);
            tmp.write((cp & 0x3F) | 0x80);
        }
        pos += len;
        return true;
    }

    private void descend(int slots) {
        depth++;
        if (depth <= cfg.decodeMaxDepth && rt.natives.lua_checkstack(p, slots) != 0) {
            return;
        }
        rt.raise(L, "Found too many nested data structures (" + depth + ") at character " + pos);
        throw new LuaRuntime.Raise();
    }

    /** Pushes the value the current token starts. */
    private void value() {
        switch (type) {
            case STRING -> rt.push(L, string);
            case NUMBER -> rt.natives.lua_pushnumber(p, number);
            case BOOLEAN -> rt.natives.lua_pushboolean(p, bool ? 1 : 0);
            case OBJ_BEGIN -> object();
            case ARR_BEGIN -> array();
            case NULL -> rt.natives.lua_pushlightuserdata(p, 0);
            default -> throwParse("value");
        }
    }

    private void object() {
        descend(3);
        rt.natives.lua_createtable(p, 0, 0);
        next();
        if (type == OBJ_END) {
            depth--;
            return;
        }
        while (true) {
            if (type != STRING) {
                throwParse("object key string");
            }
            rt.push(L, string);
            next();
            if (type != COLON) {
                throwParse("colon");
            }
            next();
            value();
            rt.natives.lua_rawset(p, -3);
            next();
            if (type == OBJ_END) {
                depth--;
                return;
            }
            if (type != COMMA) {
                throwParse("comma or object end");
            }
            next();
        }
    }

    private void array() {
        descend(2);
        rt.natives.lua_createtable(p, 0, 0);
        next();
        if (type == ARR_END) {
            depth--;
            return;
        }
        for (int i = 1; ; i++) {
            value();
            rt.natives.lua_rawseti(p, -2, i);
            next();
            if (type == ARR_END) {
                depth--;
                return;
            }
            if (type != COMMA) {
                throwParse("comma or array end");
            }
            next();
        }
    }
}
