package io.hashslot.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** A reply as a client sees it, for tools and tests: one of the RESP2/RESP3 types. */
public sealed interface RespValue {
    /** +OK */
    record Simple(String text) implements RespValue {
    }

    /** -ERR ... */
    record Error(String text) implements RespValue {
    }

    /** :1 */
    record Int(long value) implements RespValue {
    }

    /** $3 foo (also RESP3 verbatim strings, with their format in {@code format}) */
    record Bulk(byte[] bytes, String format) implements RespValue {
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** $-1, *-1 and RESP3 _ */
    record Null() implements RespValue {
    }

    /** *, ~ (set), > (push); {@code type} is the leading character. */
    record Array(char type, List<RespValue> items) implements RespValue {
    }

    /** RESP3 % map, flattened key, value, key, value... (| attribute too). */
    record MapValue(char type, List<RespValue> items) implements RespValue {
    }

    /** RESP3 , double as text (keeps inf/nan and the exact digits). */
    record Double(String text) implements RespValue {
    }

    /** RESP3 # */
    record Bool(boolean value) implements RespValue {
    }

    /** RESP3 ( */
    record BigNumber(String digits) implements RespValue {
    }
}
