package io.hashslot.commands;

/**
 * Finds key positions for commands whose key specs cannot describe them fully (SORT, MIGRATE, ...). Returns
 * argument indexes.
 */
@FunctionalInterface
public interface KeyFinder {
    int[] keys(byte[][] argv);
}
