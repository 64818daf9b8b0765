#!/usr/bin/env python3
"""Captures real Redis 7.0 cluster bus frames for Hashslot's golden-byte tests.

Starts two real redis-server nodes (cluster-enabled) on ports 31001/31003 (bus 41001/41003) and plays fake
cluster nodes on bus ports 41010.. with plain sockets, steering the real nodes into sending every message type
Redis 7.0 can send without a module: MEET (with the HOSTNAME extension), PING, PONG with gossip, PUBLISH,
PUBLISHSHARD, UPDATE, FAIL, MFSTART, FAILOVER_AUTH_REQUEST and FAILOVER_AUTH_ACK. Each captured frame is written as
hex to cluster/src/test/resources/golden/<name>.hex together with the real node's nodes.conf at capture time.

Usage: dev/capture-cluster-frames.py  (needs redis-server/redis-cli 7.0 on PATH; ports 31001-31020, 41001-41020)
"""
import os, shutil, socket, struct, subprocess, sys, tempfile, threading, time

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'cluster', 'src', 'test', 'resources', 'golden')
HDR = 2256

def cli(port, *args):
    r = subprocess.run(['redis-cli', '-p', str(port)] + [str(a) for a in args], capture_output=True, text=True)
    return r.stdout.strip()

def start_real(port, tmp, extra=()):
    d = os.path.join(tmp, str(port)); os.makedirs(d)
    subprocess.run(['redis-server', '--port', str(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes',
                    '--cluster-config-file', os.path.join(d, 'nodes.conf'), '--save', '', '--appendonly', 'no',
                    '--dir', d, '--daemonize', 'yes', '--logfile', os.path.join(d, 'log'),
                    '--cluster-node-timeout', '1000'] + list(extra), check=True)
    for _ in range(100):
        if cli(port, 'ping') == 'PONG': return d
        time.sleep(0.05)
    raise SystemExit('redis did not start on %d' % port)

def name_of(port):
    return cli(port, 'cluster', 'myid')

def slots_bitmap(slots):
    b = bytearray(2048)
    for s in slots: b[s // 8] |= 1 << (s & 7)
    return bytes(b)

def frame(ftype, sender, port, cport, slots=(), slaveof=None, current=0, config=0, flags=1, gossip=(), mflags=0,
          body=b'', offset=0):
    h = bytearray(HDR)
    h[0:4] = b'RCmb'
    struct.pack_into('>HHHH', h, 8, 1, port, ftype, len(gossip))
    struct.pack_into('>QQQ', h, 16, current, config, offset)
    h[40:80] = sender.encode()
    h[80:2128] = slots_bitmap(slots)
    if slaveof: h[2128:2168] = slaveof.encode()
    struct.pack_into('>HHH', h, 2248, cport, flags, 0)
    h[2253] = mflags
    g = b''
    for (gname, gip, gport, gcport, gflags) in gossip:
        e = bytearray(104)
        e[0:40] = gname.encode(); e[48:48 + len(gip)] = gip.encode()
        struct.pack_into('>HHHH', e, 94, gport, gcport, gflags, 0)
        g += bytes(e)
    data = bytes(h) + g + body
    return data[:4] + struct.pack('>I', len(data)) + data[8:]

def read_frame(sock):
    def read(n):
        buf = b''
        while len(buf) < n:
            chunk = sock.recv(n - len(buf))
            if not chunk: raise EOFError
            buf += chunk
        return buf
    head = read(8)
    total = struct.unpack('>I', head[4:8])[0]
    return head + read(total - 8)

class Fake:
    """A fake node: accepts the real node's outbound link, records frames, answers PING/MEET with PONG."""
    def __init__(self, name, port, slots=(), slaveof=None, config=0):
        self.name, self.port, self.cport = name, port, port + 10000
        self.slots, self.slaveof, self.config = slots, slaveof, config
        self.frames = []; self.lock = threading.Lock(); self.current = 0; self.mute = False
        self.srv = socket.socket(); self.srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.srv.bind(('127.0.0.1', self.cport)); self.srv.listen(16)
        threading.Thread(target=self.accept_loop, daemon=True).start()
    def flags(self): return 2 if self.slaveof else 1
    def pong(self, gossip=()):
        return frame(1, self.name, self.port, self.cport, self.slots, self.slaveof, self.current, self.config,
                     self.flags(), gossip)
    def accept_loop(self):
        while True:
            try: c, _ = self.srv.accept()
            except OSError: return
            threading.Thread(target=self.serve, args=(c,), daemon=True).start()
    def serve(self, c):
        try:
            while True:
                f = read_frame(c)
                t = struct.unpack('>H', f[12:14])[0]
                with self.lock: self.frames.append(f)
                self.current = max(self.current, struct.unpack('>Q', f[16:24])[0])
                if t in (0, 2) and not self.mute: c.sendall(self.pong())
        except (EOFError, OSError):
            pass
    def wait(self, ftype, timeout=15, pred=lambda f: True):
        end = time.time() + timeout
        while time.time() < end:
            with self.lock:
                for f in self.frames:
                    if struct.unpack('>H', f[12:14])[0] == ftype and pred(f): return f
            time.sleep(0.02)
        raise SystemExit('%s: no frame of type %d' % (self.name, ftype))
    def connect_to(self, real_port):
        """Opens our outbound link to the real node's bus port; returns the socket."""
        s = socket.create_connection(('127.0.0.1', real_port + 10000))
        return s

def save(name, data):
    with open(os.path.join(OUT, name + '.hex'), 'w') as f: f.write(data.hex() + '\n')
    print('captured %-28s %5d bytes' % (name, len(data)))

def save_conf(name, d):
    shutil.copy(os.path.join(d, 'nodes.conf'), os.path.join(OUT, name + '.nodes.conf'))

def wait_for(fn, timeout=15):
    end = time.time() + timeout
    while time.time() < end:
        if fn(): return
        time.sleep(0.05)
    raise SystemExit('timed out')

def main():
    os.makedirs(OUT, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix='hashslot-capture-')
    try:
        run(tmp)
    finally:
        for p in (31001, 31003): cli(p, 'shutdown', 'nosave')
        shutil.rmtree(tmp, ignore_errors=True)

def run(tmp):
    d1 = start_real(31001, tmp, ['--cluster-announce-hostname', 'myhost.example'])
    real1 = name_of(31001)
    cli(31001, 'cluster', 'set-config-epoch', 10)
    cli(31001, 'cluster', 'addslots', *range(0, 100))
    save_conf('meet-hostname', d1)
    # MEET: the real node connects to a fake and sends MEET with its hostname extension.
    a = Fake('a' * 39 + '1', 31010, slots=range(100, 200), config=3)
    cli(31001, 'cluster', 'meet', '127.0.0.1', 31010, 41010)
    save('meet-hostname', a.wait(2))
    wait_for(lambda: ('a' * 39 + '1') in cli(31001, 'cluster', 'nodes') and 'handshake' not in cli(31001, 'cluster', 'nodes'))
    # PING on the same link once the handshake is done (2 nodes known: no gossip).
    save('ping-2nodes', a.wait(0, pred=lambda f: f[40:80].decode() == real1))
    # A third node so PINGs and PONGs carry one gossip entry.
    b = Fake('b' * 39 + '2', 31011)
    cli(31001, 'cluster', 'meet', '127.0.0.1', 31011, 41011)
    wait_for(lambda: cli(31001, 'cluster', 'nodes').count('connected') >= 3
             and 'handshake' not in cli(31001, 'cluster', 'nodes'))
    s = a.connect_to(31001)
    s.sendall(frame(0, a.name, a.port, a.cport, a.slots, None, a.current, a.config, 1))
    save('pong-gossip', read_frame(s))
    # PUBLISH to every linked node.
    cli(31001, 'publish', 'news', 'hello world')
    save('publish', a.wait(4))
    # UPDATE: b claims slot 5 (owned by the real node under epoch 10) with config epoch 1.
    sb = b.connect_to(31001)
    sb.sendall(frame(0, b.name, b.port, b.cport, [5], None, b.current, 1, 1))
    read_frame(sb)
    save('update', b.wait(7))
    # PUBLISHSHARD: c is a replica of the real node; SPUBLISH on a channel of slot 0..99 reaches it.
    c = Fake('c' * 39 + '3', 31012, slaveof=real1)
    cli(31001, 'cluster', 'meet', '127.0.0.1', 31012, 41012)
    wait_for(lambda: 'cccccccccccccccccccccccccccccccccccccc3' in cli(31001, 'cluster', 'nodes')
             and 'handshake' not in cli(31001, 'cluster', 'nodes'))
    sc = c.connect_to(31001)
    sc.sendall(frame(0, c.name, c.port, c.cport, [], real1, c.current, 0, 2))
    read_frame(sc)
    wait_for(lambda: 'slave ' + real1 in cli(31001, 'cluster', 'nodes'))
    chan = next(ch for ch in ('ch%d' % i for i in range(10000)) if int(cli(31001, 'cluster', 'keyslot', ch)) < 100)
    cli(31001, 'spublish', chan, 'sharded')
    save('publishshard', c.wait(10))
    # FAIL: b stops answering; the real node flags it PFAIL; a (a master) gossips b as PFAIL; real marks it FAIL.
    b.mute = True
    wait_for(lambda: 'fail?' in cli(31001, 'cluster', 'nodes'), timeout=20)
    s.sendall(frame(0, a.name, a.port, a.cport, a.slots, None, a.current, a.config, 1,
                    gossip=[(b.name, '127.0.0.1', b.port, b.cport, 1 | 4)]))
    read_frame(s)
    save('fail', a.wait(3))
    # FAILOVER_AUTH_ACK: r (replica of a) asks with FORCEACK; the real master votes.
    r = Fake('d' * 39 + '4', 31013, slaveof=a.name)
    cli(31001, 'cluster', 'meet', '127.0.0.1', 31013, 41013)
    wait_for(lambda: 'dddddddddddddddddddddddddddddddddddddd4' in cli(31001, 'cluster', 'nodes')
             and 'handshake' not in cli(31001, 'cluster', 'nodes'))
    sr = r.connect_to(31001)
    sr.sendall(frame(0, r.name, r.port, r.cport, a.slots, a.name, r.current, a.config, 2))
    read_frame(sr)
    wait_for(lambda: 'slave ' + a.name in cli(31001, 'cluster', 'nodes'))
    cur = int(cli(31001, 'cluster', 'info').split('cluster_current_epoch:')[1].split()[0])
    sr.sendall(frame(5, r.name, r.port, r.cport, a.slots, a.name, cur + 1, a.config, 2, mflags=2))
    save('auth-ack', r.wait(6))
    save_conf('after-all', d1)
    # MFSTART and FAILOVER_AUTH_REQUEST: a second real node replicates fake master m.
    d3 = start_real(31003, tmp)
    m = Fake('e' * 39 + '5', 31014, slots=range(200, 300), config=1)
    cli(31003, 'cluster', 'meet', '127.0.0.1', 31014, 41014)
    wait_for(lambda: m.name in cli(31003, 'cluster', 'nodes') and 'handshake' not in cli(31003, 'cluster', 'nodes'))
    sm = m.connect_to(31003)
    sm.sendall(frame(0, m.name, m.port, m.cport, m.slots, None, 0, m.config, 1))
    read_frame(sm)
    wait_for(lambda: '200-299' in cli(31003, 'cluster', 'nodes'))
    cli(31003, 'cluster', 'replicate', m.name)
    wait_for(lambda: 'slave ' + m.name in cli(31003, 'cluster', 'nodes'))
    cli(31003, 'cluster', 'failover')
    save('mfstart', m.wait(8))
    time.sleep(5.5)  # let that manual failover time out
    cli(31003, 'cluster', 'failover', 'force')
    save('auth-request', m.wait(5))
    save_conf('replica', d3)

if __name__ == '__main__':
    main()
