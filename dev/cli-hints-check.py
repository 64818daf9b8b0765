#!/usr/bin/env python3
"""Checks that redis-cli's interactive hints (built from COMMAND DOCS) are the same against a real redis-server
and a Hashslot node: types each text into redis-cli on a pseudo terminal and compares the hint line it draws.

Usage: dev/cli-hints-check.py REDIS_PORT HASHSLOT_PORT 'set foo ' 'config get ' ...
"""
import os, pty, time, select, re, sys
def session(port, text):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ['TERM']='xterm'
        os.execvp('redis-cli', ['redis-cli', '-p', str(port)])
    out=b''
    def drain(t):
        nonlocal out
        end=time.time()+t
        while time.time()<end:
            r,_,_=select.select([fd],[],[],0.05)
            if r:
                try: chunk=os.read(fd,4096)
                except OSError: return
                out+=chunk
                for _ in range(chunk.count(b'\x1b[6n')): os.write(fd, b'\x1b[1;200R')
    drain(1.0); out=b''
    for ch in text:
        os.write(fd, ch.encode()); drain(0.15)
    last=out
    os.kill(pid,9)
    # the last screen refresh: text after the final carriage-return
    screen=last.split(b'\r\x1b[0K')[-1].split(b'\r')[0]
    text = re.sub(rb'\x1b\[[0-9;]*[A-Za-z]', b'', screen).decode('latin1')
    return text.split('> ', 1)[-1]
for t in sys.argv[3:]:
    a=session(int(sys.argv[1]), t); b=session(int(sys.argv[2]), t)
    print(('SAME ' if a==b else 'DIFF ')+repr(t)+' redis='+repr(a)+(' hs='+repr(b) if a!=b else ''))
