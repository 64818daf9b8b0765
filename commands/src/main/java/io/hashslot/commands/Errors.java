package io.hashslot.commands;

/** Redis's shared error replies, word for word. */
public final class Errors {
    public static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    public static final String SYNTAX = "ERR syntax error";
    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    public static final String NOT_FLOAT = "ERR value is not a valid float";
    public static final String OUT_OF_RANGE = "ERR index out of range";
    public static final String NO_SUCH_KEY = "ERR no such key";
    public static final String NOAUTH = "NOAUTH Authentication required.";
    public static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
    public static final String EXECABORT = "EXECABORT Transaction discarded because of previous errors.";
    public static final String BUSYKEY = "BUSYKEY Target key name already exists.";
    public static final String LOADING = "LOADING Redis is loading the dataset in memory";
    public static final String READONLY = "READONLY You can't write against a read only replica.";
    public static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";
    public static final String INVALID_DB = "ERR DB index is out of range";
    public static final String OVERFLOW = "ERR increment or decrement would overflow";
    public static final String INVALID_EXPIRE = "ERR invalid expire time in '%s' command";
    public static final String SAME_OBJECT = "ERR source and destination objects are the same";
    public static final String NEGATIVE_TIMEOUT = "ERR timeout is negative";

    private Errors() {
    }

    public static String arity(String fullName) {
        return "ERR wrong number of arguments for '" + fullName + "' command";
    }

    public static String expireTime(String commandName) {
        return String.format(INVALID_EXPIRE, commandName);
    }
}
