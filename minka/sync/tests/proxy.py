"""A small TCP proxy for tests that cuts the link after N bytes, on 127.0.0.1 only.

`arm(up=N)` cuts the connection carrying the N+1st byte sent from the client to the
server since the last `arm` (counted over every connection of that attempt: a whole sync
of several requests); `arm(down=N)` the same for bytes from the server to the client. At
the cut both sockets of that connection close (alternately with a reset, so the client
sees both an orderly end and a reset); bytes up to N pass. Every loop is bounded: the
proxy stops itself after `lifetime` seconds, and `close()` stops it at once.
"""

import contextlib
import socket
import struct
import threading
import time
from dataclasses import dataclass, field

CHUNK = 4096


@dataclass
class Attempt:
    up_limit: int | None = None
    down_limit: int | None = None
    up: int = 0
    down: int = 0
    cut: str = ""  # "up" or "down" once the link was cut
    connections: list[tuple[int, int]] = field(default_factory=list)


class CuttingProxy:
    def __init__(self, target_port: int, port: int, lifetime: float = 900.0) -> None:
        self.target = ("127.0.0.1", target_port)
        self.listener = socket.create_server(("127.0.0.1", port))
        self.listener.settimeout(0.2)
        self.url = f"http://127.0.0.1:{port}"
        self.deadline = time.monotonic() + lifetime
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.attempt = Attempt()
        self.cuts = 0
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def arm(self, up: int | None = None, down: int | None = None) -> Attempt:
        with self.lock:
            self.attempt = Attempt(up_limit=up, down_limit=down)
            return self.attempt

    def close(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)
        self.listener.close()

    def _alive(self) -> bool:
        return not self.stopped.is_set() and time.monotonic() < self.deadline

    def _accept(self) -> None:
        while self._alive():
            try:
                client, _addr = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            Link(self, client, server).start()


class Link:
    """One client connection and its connection to the server: a pump each way."""

    def __init__(self, proxy: CuttingProxy, client: socket.socket, server: socket.socket) -> None:
        self.proxy, self.client, self.server = proxy, client, server
        self.attempt = proxy.attempt
        self.sent = {"up": 0, "down": 0}
        self.closed = threading.Event()
        for s in (client, server):
            s.settimeout(0.2)

    def start(self) -> None:
        threading.Thread(
            target=self._pump, args=("up", self.client, self.server), daemon=True
        ).start()
        threading.Thread(
            target=self._pump, args=("down", self.server, self.client), daemon=True
        ).start()

    def _room(self, way: str, size: int) -> tuple[int, bool]:
        """How many of `size` bytes may pass, and whether the link is cut after them."""
        a = self.attempt
        with self.proxy.lock:
            limit = a.up_limit if way == "up" else a.down_limit
            done = a.up if way == "up" else a.down
            if a.cut:  # the attempt was cut: nothing more gets through
                return 0, True
            if limit is None:
                allowed, cut = size, False
            else:
                allowed = max(0, min(size, limit - done))
                cut = done + size > limit
                if cut:
                    a.cut = way
                    self.proxy.cuts += 1
            if way == "up":
                a.up += allowed
            else:
                a.down += allowed
            return allowed, cut

    def _pump(self, way: str, source: socket.socket, sink: socket.socket) -> None:
        try:
            while self.proxy._alive() and not self.closed.is_set():
                try:
                    data = source.recv(CHUNK)
                except TimeoutError:
                    continue
                if not data:
                    # An orderly end one way: pass it on and let the other way finish.
                    with contextlib.suppress(OSError):
                        sink.shutdown(socket.SHUT_WR)
                    return
                allowed, cut = self._room(way, len(data))
                if allowed:
                    sink.sendall(data[:allowed])
                    self.sent[way] += allowed
                if cut:
                    self._cut()
                    return
        except OSError:
            pass
        finally:
            if way == "down":
                self._close()

    def _cut(self) -> None:
        if self.proxy.cuts % 2:  # every other cut is a reset instead of an orderly close
            for s in (self.client, self.server):
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self._close()

    def _close(self) -> None:
        if self.closed.is_set():
            return
        self.closed.set()
        with self.proxy.lock:
            self.attempt.connections.append((self.sent["up"], self.sent["down"]))
        for s in (self.client, self.server):
            with contextlib.suppress(OSError):
                s.close()
