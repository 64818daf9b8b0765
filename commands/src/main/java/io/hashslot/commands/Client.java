package io.hashslot.commands;

import io.hashslot.protocol.Reply;
import io.hashslot.protocol.ReplyBuffer;
import io.hashslot.protocol.RespEncoder;
import io.hashslot.store.Db;

/**
 * One client session: selected database, authentication, protocol version, name, flags, transaction state. Owned
 * by the node's execution thread. Replies go to {@link #reply()}, which is the connection's encoder unless
 * replies are switched off (CLIENT REPLY) or captured (scripts).
 */
public final class Client {
    public static final int FLAG_MULTI = 1;
    public static final int FLAG_DIRTY_CAS = 1 << 1;
    public static final int FLAG_DIRTY_EXEC = 1 << 2;
    public static final int FLAG_PUBSUB = 1 << 3;
    public static final int FLAG_CLOSE_AFTER_REPLY = 1 << 4;
    public static final int FLAG_BLOCKED = 1 << 5;
    public static final int FLAG_MONITOR = 1 << 6;
    public static final int FLAG_REPLICA = 1 << 7;
    public static final int FLAG_MASTER = 1 << 8;
    public static final int FLAG_READONLY = 1 << 9;
    public static final int FLAG_ASKING = 1 << 10;
    public static final int FLAG_NO_EVICT = 1 << 11;
    public static final int FLAG_CLOSE_ASAP = 1 << 12;
    public static final int FLAG_PROTOCOL_ERROR = 1 << 13;
    /** Running inside EXEC or a script: blocking commands must not block (CLIENT_DENY_BLOCKING). */
    public static final int FLAG_DENY_BLOCKING = 1 << 14;
    /** The client a script's redis.call commands run as (CLIENT_SCRIPT): time stays at the script's start. */
    public static final int FLAG_SCRIPT = 1 << 15;
    /** Commands of this client are not propagated (a script after redis.set_repl(redis.REPL_NONE)). */
    public static final int FLAG_NO_PROPAGATE = 1 << 16;

    /** Memory counted for every connection besides its buffers (CLIENT LIST tot-mem, INFO used_memory). */
    public static final long BASE_MEMORY = 1024;

    /** CLIENT REPLY modes. */
    public enum ReplyMode { ON, OFF, SKIP_NEXT, SKIP }

    private final long id;
    private final ServerContext server;
    private final ClientConnection connection;
    private final ReplyBuffer output;
    private final RespEncoder encoder;
    private Reply reply;
    private int dbIndex;
    private boolean authenticated;
    private String user = "default";
    private String name;
    private String libName;
    private String libVersion;
    private int flags;
    private ReplyMode replyMode = ReplyMode.ON;
    private final long createdMillis;
    private long lastInteractionMillis;
    private CommandSpec lastCommand;
    private byte[][] currentArgv;
    /** Set while a command runs when it replied with an error (for failed_calls). */
    boolean errorReplied;
    private Object transaction;
    private Object pubsubState;
    private long queryBufferBytes;
    private byte[][] propagateArgv;
    private byte[][] pendingArgv;

    public Client(long id, ServerContext server, ClientConnection connection) {
        this.id = id;
        this.server = server;
        this.connection = connection;
        this.output = new ReplyBuffer(1024);
        this.encoder = new RespEncoder(output);
        this.reply = encoder;
        this.createdMillis = server.clock().currentTimeMillis();
        this.lastInteractionMillis = createdMillis;
        this.authenticated = !server.authRequired();
    }

    public long id() {
        return id;
    }

    public ServerContext server() {
        return server;
    }

    public ClientConnection connection() {
        return connection;
    }

    public ReplyBuffer output() {
        return output;
    }

    public RespEncoder encoder() {
        return encoder;
    }

    /** Where the current command's reply goes. */
    public Reply reply() {
        return reply;
    }

    public void setReply(Reply reply) {
        this.reply = reply;
    }

    /** Replies with an error and counts it (errorstats, failed calls). */
    public void error(String message) {
        errorReplied = true;
        server.stats().countError(message);
        reply.error(message);
    }

    /**
     * For a command whose reply came after its call returned (a script that went busy): whether it replied with an
     * error since, clearing the mark.
     */
    public boolean takeErrorReplied() {
        boolean was = errorReplied;
        errorReplied = false;
        return was;
    }

    /** Replies with an error whose statistics were counted already (a script passing on a command's error). */
    public void errorCounted(String message) {
        errorReplied = true;
        reply.error(message);
    }

    public int protocol() {
        return encoder.protocol();
    }

    public void setProtocol(int resp) {
        encoder.setProtocol(resp);
    }

    public int dbIndex() {
        return dbIndex;
    }

    public void select(int index) {
        this.dbIndex = index;
    }

    public Db db() {
        return server.keyspace().db(dbIndex);
    }

    public boolean authenticated() {
        return authenticated;
    }

    public void setAuthenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    public String user() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String name() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String libName() {
        return libName;
    }

    public void setLibName(String libName) {
        this.libName = libName;
    }

    public String libVersion() {
        return libVersion;
    }

    public void setLibVersion(String libVersion) {
        this.libVersion = libVersion;
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    public void addFlag(int flag) {
        flags |= flag;
    }

    public void clearFlag(int flag) {
        flags &= ~flag;
    }

    public int flags() {
        return flags;
    }

    public ReplyMode replyMode() {
        return replyMode;
    }

    public void setReplyMode(ReplyMode mode) {
        this.replyMode = mode;
    }

    public long createdMillis() {
        return createdMillis;
    }

    public long lastInteractionMillis() {
        return lastInteractionMillis;
    }

    public void touchInteraction(long now) {
        this.lastInteractionMillis = now;
    }

    public CommandSpec lastCommand() {
        return lastCommand;
    }

    void setLastCommand(CommandSpec cmd) {
        this.lastCommand = cmd;
    }

    /** The arguments of the command now running (for MONITOR, CLIENT LIST, slowlog). */
    public byte[][] currentArgv() {
        return currentArgv;
    }

    void setCurrentArgv(byte[][] argv) {
        this.currentArgv = argv;
    }

    /** Transaction state of the MULTI/EXEC family (owned by that family). */
    @SuppressWarnings("unchecked")
    public <T> T transaction() {
        return (T) transaction;
    }

    public void setTransaction(Object state) {
        this.transaction = state;
    }

    /** Subscription state of the pub/sub family (owned by that family). */
    @SuppressWarnings("unchecked")
    public <T> T pubsub() {
        return (T) pubsubState;
    }

    public void setPubsub(Object state) {
        this.pubsubState = state;
    }

    /**
     * Replaces what the current command propagates to replicas and the AOF (rewriteClientCommandVector), e.g.
     * SET with EX becomes SET ... PXAT.
     */
    public void rewriteArgv(byte[]... argv) {
        this.propagateArgv = argv;
    }

    /** The argv to propagate for the current command, or null to propagate it unchanged. */
    public byte[][] propagateArgv() {
        return propagateArgv;
    }

    public void clearPropagateArgv() {
        propagateArgv = null;
        forcePropagate = false;
        alsoPropagated = null;
        propagationPrevented = false;
    }

    private java.util.List<byte[][]> alsoPropagated;
    private boolean propagationPrevented;

    /**
     * alsoPropagate: an extra command to propagate for the current call, in order (SPOP with a count propagates
     * as SREMs). Usually paired with {@link #preventPropagation()}.
     */
    public void alsoPropagate(byte[]... argv) {
        if (alsoPropagated == null) {
            alsoPropagated = new java.util.ArrayList<>();
        }
        alsoPropagated.add(argv);
    }

    /** The extra commands of {@link #alsoPropagate}, or null. */
    public java.util.List<byte[][]> alsoPropagated() {
        return alsoPropagated;
    }

    /** preventCommandPropagation: the command itself is not propagated (its effects went via alsoPropagate). */
    public void preventPropagation() {
        propagationPrevented = true;
    }

    public boolean propagationPrevented() {
        return propagationPrevented;
    }

    private boolean forcePropagate;

    /** Propagates the current command even though it changed no key (PUBLISH, as forceCommandPropagation). */
    public void forcePropagation() {
        forcePropagate = true;
    }

    public boolean propagationForced() {
        return forcePropagate;
    }

    /** A parsed command that waits to run (the client was postponed by CLIENT PAUSE), or null. */
    public byte[][] pendingArgv() {
        return pendingArgv;
    }

    public void setPendingArgv(byte[][] argv) {
        this.pendingArgv = argv;
    }

    public long queryBufferBytes() {
        return queryBufferBytes;
    }

    public void setQueryBufferBytes(long bytes) {
        this.queryBufferBytes = bytes;
    }

    private long replOffset;

    /** The replication offset just after this client's last propagated write (Redis's woff, for WAIT). */
    public long replOffset() {
        return replOffset;
    }

    public void setReplOffset(long offset) {
        this.replOffset = offset;
    }

    /** getClientType: what CLIENT LIST/KILL TYPE and client-output-buffer-limit classes go by. */
    public static final int TYPE_NORMAL = 0;
    public static final int TYPE_REPLICA = 1;
    public static final int TYPE_PUBSUB = 2;
    public static final int TYPE_MASTER = 3;

    /** {@link #TYPE_NORMAL}, {@link #TYPE_REPLICA} (not a MONITOR), {@link #TYPE_PUBSUB} or {@link #TYPE_MASTER}. */
    public int type() {
        if (hasFlag(FLAG_MASTER)) {
            return TYPE_MASTER;
        }
        if (hasFlag(FLAG_REPLICA) && !hasFlag(FLAG_MONITOR)) {
            return TYPE_REPLICA;
        }
        return hasFlag(FLAG_PUBSUB) ? TYPE_PUBSUB : TYPE_NORMAL;
    }

    private long softLimitSince;

    /** Unix seconds when the output reached the soft output buffer limit without dropping below since; 0 if not. */
    public long softLimitSince() {
        return softLimitSince;
    }

    public void setSoftLimitSince(long millis) {
        this.softLimitSince = millis;
    }

    /** Marks the connection to be closed once the pending reply is written (QUIT, protocol errors). */
    public void closeAfterReply() {
        addFlag(FLAG_CLOSE_AFTER_REPLY);
    }

    @Override
    public String toString() {
        return "client#" + id + "(" + connection.remoteAddress() + ")";
    }
}
