package io.hashslot.commands;

import io.hashslot.protocol.Reply;

/** A reply target that drops everything (CLIENT REPLY OFF / SKIP). */
final class DiscardReply implements Reply {
    private final int protocol;

    DiscardReply(int protocol) {
        this.protocol = protocol;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    @Override
    public void simple(String s) {
    }

    @Override
    public void error(String message) {
    }

    @Override
    public void integer(long v) {
    }

    @Override
    public void bulk(byte[] b) {
    }

    @Override
    public void bulk(byte[] b, int off, int len) {
    }

    @Override
    public void bulk(String s) {
    }

    @Override
    public void nullBulk() {
    }

    @Override
    public void nullArray() {
    }

    @Override
    public void array(int n) {
    }

    @Override
    public void map(int n) {
    }

    @Override
    public void set(int n) {
    }

    @Override
    public void push(int n) {
    }

    @Override
    public void attribute(int n) {
    }

    @Override
    public void doubleValue(double d) {
    }

    @Override
    public void doubleText(String text) {
    }

    @Override
    public void bool(boolean b) {
    }

    @Override
    public void verbatim(String text, String format) {
    }

    @Override
    public void bigNumber(String digits) {
    }

    @Override
    public Object deferArray() {
        return this;
    }

    @Override
    public Object deferMap() {
        return this;
    }

    @Override
    public Object deferSet() {
        return this;
    }

    @Override
    public void fixDeferred(Object handle, int n) {
    }
}
