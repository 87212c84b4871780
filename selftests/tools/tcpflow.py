#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""tcpflow.py: one TCP session that carries data without pause, to show
that it lives through a link pull.

  tcpflow.py serve ADDR PORT
	accept one connection and echo what it sends until it closes.
  tcpflow.py send ADDR PORT STATUS
	connect (retrying for 10 s), write a 512-byte chunk every 20 ms and
	read the echo back, checking every byte. STATUS is rewritten every
	0.1 s as "ECHOED_BYTES MAX_GAP_MS": the bytes echoed so far and the
	longest time without any echo arriving once the first came; each
	stall of 0.5 s or more is printed with the time it ended. On
	SIGTERM it stops writing, waits up to 20 s for the rest of the echo
	and prints "sent N echoed N max-gap G ms". Exits 0 if the session
	ended cleanly with every byte back, 1 on a reset, timeout, short or
	wrong echo."""

import errno
import os
import select
import signal
import socket
import sys
import time

CHUNK = 512
PERIOD = 0.02


def pattern(offset, n):
    # byte k of the stream is the number of its chunk, modulo 256
    out = bytearray()
    while n > 0:
        i = offset // CHUNK
        take = min(n, CHUNK - offset % CHUNK)
        out += bytes([i % 256]) * take
        offset += take
        n -= take
    return bytes(out)


def serve(addr, port):
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, port))
    ls.listen(1)
    print("listening", flush=True)
    c, _ = ls.accept()
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    while True:
        data = c.recv(65536)
        if not data:
            break
        c.sendall(data)
    c.close()


def status(path, echoed, gap):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(f"{echoed} {int(gap * 1000)}\n")
    os.rename(tmp, path)


def send(addr, port, path):
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    status(path, 0, 0)
    end = time.monotonic() + 10
    while True:
        s = socket.socket()
        try:
            s.connect((addr, port))
            break
        except OSError as e:
            s.close()
            if time.monotonic() > end:
                sys.exit(f"tcpflow: connect: {e}")
            time.sleep(0.2)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.setblocking(False)
    sent = echoed = 0
    gap = 0.0
    first = last = None
    pending = b""
    next_tx = next_st = time.monotonic()
    drain_end = None
    try:
        while True:
            now = time.monotonic()
            if stop and drain_end is None:
                drain_end = now + 20
                if pending:	# the chunk being written goes whole
                    s.settimeout(20)
                    s.sendall(pending)
                    s.setblocking(False)
                    sent += len(pending)
                    pending = b""
                s.shutdown(socket.SHUT_WR)
            if drain_end is None and not pending and now >= next_tx:
                pending = pattern(sent, CHUNK)
                next_tx = max(next_tx + PERIOD, now)
            wr = [s] if pending else []
            timeout = max(0.0, min(next_tx, next_st) - now)
            if drain_end is not None:
                timeout = 0.1
            r, w, _ = select.select([s], wr, [], timeout)
            if w:
                try:
                    n = s.send(pending)
                    sent += n
                    pending = pending[n:]
                except BlockingIOError:
                    pass
            if r:
                data = s.recv(65536)
                now = time.monotonic()
                if not data:
                    break
                if data != pattern(echoed, len(data)):
                    print(f"tcpflow: wrong data at byte {echoed}", flush=True)
                    sys.exit(1)
                echoed += len(data)
                if last is not None:
                    gap = max(gap, now - last)
                    if now - last >= 0.5:
                        print(f"stall {int((now - last) * 1000)} ms until "
                              f"{time.time():.1f}", flush=True)
                if first is None:
                    first = now
                last = now
            if now >= next_st:
                status(path, echoed, gap)
                next_st = now + 0.1
            if drain_end is not None and now > drain_end:
                break
    except OSError as e:
        status(path, echoed, gap)
        print(f"tcpflow: {errno.errorcode.get(e.errno, e.errno)} after "
              f"{echoed} bytes: {e}", flush=True)
        sys.exit(1)
    status(path, echoed, gap)
    print(f"sent {sent} echoed {echoed} max-gap {int(gap * 1000)} ms",
          flush=True)
    sys.exit(0 if stop and echoed == sent else 1)


def main():
    mode, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if mode == "serve":
        serve(addr, port)
    else:
        send(addr, port, sys.argv[4])


if __name__ == "__main__":
    main()
