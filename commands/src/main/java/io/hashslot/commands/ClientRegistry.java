package io.hashslot.commands;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The connected clients of a node, by id, in connection order. */
public final class ClientRegistry {
    private final Map<Long, Client> clients = new LinkedHashMap<>();
    private long nextId = 1;
    private long blocked;

    public long nextId() {
        return nextId++;
    }

    public void add(Client c) {
        clients.put(c.id(), c);
    }

    public void remove(Client c) {
        clients.remove(c.id());
    }

    public Client get(long id) {
        return clients.get(id);
    }

    public Collection<Client> all() {
        return clients.values();
    }

    public int size() {
        return clients.size();
    }

    public long blockedCount() {
        return blocked;
    }

    public void adjustBlocked(int delta) {
        blocked += delta;
    }
}
