#!/usr/bin/env python3
"""Captures the command metadata (arity, flags, key specs, argument structure) that a real redis-server 7.0
reports through COMMAND INFO and COMMAND DOCS, and writes it as Hashslot's command table.

Only interface facts are kept: names, arity, flags, ACL categories, tips, key specs, the argument tree, the
group, the version a command or argument appeared in and the version it was deprecated in. Redis's documentation
prose (summaries, complexity, history, replacement notes) is dropped; summaries come from our own file
commands/src/main/resources/io/hashslot/commands/command-summaries.txt ("name|summary" lines, subcommands as
"config|get|summary"), which must have a line for every command and subcommand: the script stops otherwise.

Usage: dev/capture-command-table.py [port]   (a redis-server 7.0 must listen on 127.0.0.1:port, default 6379)
"""
import json
import os
import socket
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RES = os.path.join(ROOT, "commands/src/main/resources/io/hashslot/commands")


def connect(port):
    s = socket.create_connection(("127.0.0.1", port))
    f = s.makefile("rb")

    def cmd(*args):
        out = b"*%d\r\n" % len(args)
        for a in args:
            a = a.encode()
            out += b"$%d\r\n%s\r\n" % (len(a), a)
        s.sendall(out)
        return read()

    def read():
        line = f.readline()
        t, rest = line[:1], line[1:-2]
        if t in b"+-,#(":
            return rest.decode()
        if t == b":":
            return int(rest)
        if t == b"_":
            return None
        if t in b"$=!":
            n = int(rest)
            return None if n < 0 else f.read(n + 2)[:-2].decode()
        if t in b"*~>":
            n = int(rest)
            return None if n < 0 else [read() for _ in range(n)]
        if t in b"%|":
            n = int(rest)
            d = {}
            for _ in range(n):
                k = read()
                d[k] = read()
            return d
        raise ValueError(line)

    return cmd


PROSE = {"summary", "complexity", "history", "replaced_by", "display_text"}


def clean_args(args):
    out = []
    for a in args or []:
        a = {k: v for k, v in a.items() if k not in PROSE}
        if "arguments" in a:
            a["arguments"] = clean_args(a["arguments"])
        out.append(a)
    return out


def entry(info, docs, summaries):
    name, arity, flags, first, last, step, acl, tips, keyspecs, subs = info
    d = docs.get(name, {}) if docs else {}
    e = {
        "name": name,
        "arity": arity,
        "flags": flags,
        "first": first,
        "last": last,
        "step": step,
        "acl": acl,
        "tips": tips,
        "key_specs": keyspecs,
        "summary": summaries.get(name, ""),
        "since": d.get("since", ""),
        "group": d.get("group", ""),
    }
    if d.get("doc_flags"):
        e["doc_flags"] = d["doc_flags"]
    if d.get("deprecated_since"):
        e["deprecated_since"] = d["deprecated_since"]
    if d.get("arguments"):
        e["arguments"] = clean_args(d["arguments"])
    if subs:
        subdocs = d.get("subcommands", {})
        e["subcommands"] = [entry(s, subdocs, summaries) for s in sorted(subs, key=lambda s: s[0])]
    return e


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 6379
    cmd = connect(port)
    cmd("HELLO", "3")
    info = cmd("COMMAND", "INFO")
    docs = cmd("COMMAND", "DOCS")
    summaries = {}
    path = os.path.join(RES, "command-summaries.txt")
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            line = line.rstrip("\n")
            if line and not line.startswith("#") and "|" in line:
                k, v = line.rsplit("|", 1) if line.count("|") > 1 else line.split("|", 1)
                summaries[k] = v
    table = [entry(i, docs, summaries) for i in sorted(info, key=lambda i: i[0])]
    missing = [n for e in table for n in [e["name"]] + [s["name"] for s in e.get("subcommands", [])]
               if not summaries.get(n)]
    if missing:
        sys.exit("no summary in command-summaries.txt for: " + ", ".join(missing))
    with open(os.path.join(RES, "command-table.json"), "w", encoding="utf-8") as f:
        f.write("[\n")
        f.write(",\n".join(json.dumps(e, separators=(",", ":")) for e in table))
        f.write("\n]\n")
    print("wrote %d commands" % len(table))


if __name__ == "__main__":
    main()
