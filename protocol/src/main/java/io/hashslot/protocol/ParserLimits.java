package io.hashslot.protocol;

/** The limits a request parser enforces; read on every request so CONFIG SET takes effect at once. */
public interface ParserLimits {
    /** proto-max-bulk-len. */
    long maxBulkLength();

    /** client-query-buffer-limit: the most bytes one pending request may hold. */
    long maxQueryBuffer();

    ParserLimits DEFAULT = new ParserLimits() {
        @Override
        public long maxBulkLength() {
            return 512L * 1024 * 1024;
        }

        @Override
        public long maxQueryBuffer() {
            return 1024L * 1024 * 1024;
        }
    };
}
