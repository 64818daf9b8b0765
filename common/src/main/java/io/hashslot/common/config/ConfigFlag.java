package io.hashslot.common.config;

/** Directive flags, as Redis's config table has them. */
public enum ConfigFlag {
    /** Only settable at startup: CONFIG SET answers "can't set immutable config". */
    IMMUTABLE,
    /** Value is a secret (never logged). */
    SENSITIVE,
    /** Not listed by CONFIG GET with a pattern. */
    HIDDEN,
    /** Refused by CONFIG SET unless enable-protected-configs allows it. */
    PROTECTED,
    /** Refused by CONFIG SET while loading. */
    DENY_LOADING,
    /** Takes several arguments (save, bind, client-output-buffer-limit...). */
    MULTI_ARG,
    /** Setting the same value again still runs its apply step. */
    VOLATILE
}
