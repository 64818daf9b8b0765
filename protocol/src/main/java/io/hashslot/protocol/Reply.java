package io.hashslot.protocol;

/**
 * Where a command writes its reply. Methods name RESP3 types; in RESP2 they fall back the way Redis does (maps
 * and sets become arrays, doubles and verbatim strings become bulk strings, booleans integers, null $-1 or *-1).
 * Implementations: {@link RespEncoder} (bytes on a connection) and capture for scripts and MULTI.
 */
public interface Reply {
    /** 2 or 3. */
    int protocol();

    void simple(String s);

    /** An error line; {@code message} starts with its code, e.g. "ERR syntax error". */
    void error(String message);

    void integer(long v);

    /** A bulk string; the array must not change afterwards (it may be sent without copying). */
    void bulk(byte[] b);

    /** A bulk string copied from part of an array that may change later. */
    void bulk(byte[] b, int off, int len);

    void bulk(String s);

    /** RESP2 $-1, RESP3 _. */
    void nullBulk();

    /** RESP2 *-1, RESP3 _. */
    void nullArray();

    void array(int n);

    void map(int n);

    void set(int n);

    void push(int n);

    void doubleValue(double d);

    /** A number already formatted by the caller: a bulk string in RESP2, a RESP3 double (addReplyHumanLongDouble). */
    void doubleText(String text);

    void bool(boolean b);

    void verbatim(String text, String format);

    void bigNumber(String digits);

    /**
     * RESP3 attribute header: {@code n} key/value pairs follow, then the reply they describe. Only sent to RESP3
     * clients; a target that keeps replies as values may drop the pairs (attributes are not replies).
     */
    void attribute(int n);

    /** Starts an array whose length is given later with {@link #fixDeferred}. */
    Object deferArray();

    Object deferMap();

    Object deferSet();

    void fixDeferred(Object handle, int n);

    default void ok() {
        simple("OK");
    }
}
