package io.hashslot.commands.connection;

/** The rule for client names (CLIENT SETNAME, HELLO SETNAME): no spaces, newlines or other special characters. */
public final class ClientNames {
    private ClientNames() {
    }

    /** Returns Redis's error for an invalid name, or null. */
    public static String validate(byte[] name) {
        for (byte b : name) {
            if (b < '!' || b > '~') {
                return "ERR Client names cannot contain spaces, newlines or special characters.";
            }
        }
        return null;
    }
}
