"""A fake ESC/POS network printer on 127.0.0.1: it takes what a kiosk sends on a real TCP
socket, keeps the bytes, answers ``DLE EOT`` status requests like a TM-T82 does, and can
play a printer out of paper, one that never answers status, one that stops answering
mid-ticket, and one that hangs up."""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
from dataclasses import dataclass, field

ONLINE = 0x12  # DLE EOT answers always have bits 1 and 4 set
OFFLINE = ONLINE | 0x08
PAPER_OK = 0x12
PAPER_OUT = 0x12 | 0x60
PAPER_LOW = 0x12 | 0x0C
_STATUS = re.compile(rb"\x10\x04([\x01-\x04])")


@dataclass
class FakePrinter:
    """One printer. ``mode``: ``ok``, ``paper_out``, ``paper_low``, ``silent`` (never answers
    status), ``hang`` (stops reading and answering after ``after`` bytes of ticket), ``close``
    (hangs up after ``after`` bytes)."""

    mode: str = "ok"
    after: int = 200
    received: bytearray = field(default_factory=bytearray)
    connections: int = 0

    def __post_init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.spec = f"escpos:tcp:127.0.0.1:{self.port}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            with conn:
                self._talk(conn)

    def _talk(self, conn: socket.socket) -> None:
        conn.settimeout(0.2)
        pending = b""
        ticket_bytes = 0
        while not self._stop.is_set():
            try:
                chunk = conn.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            if not chunk:
                return
            self.received += chunk
            pending += chunk
            for m in _STATUS.finditer(pending):
                answer = self._answer(m.group(1)[0], ticket_bytes)
                if answer is not None:
                    conn.sendall(bytes([answer]))
            ticket_bytes += len(_STATUS.sub(b"", chunk))
            pending = pending[-2:]
            if self.mode == "close" and ticket_bytes >= self.after:
                return
            if self.mode == "hang" and ticket_bytes >= self.after:
                self._stop.wait()  # neither reads nor answers any more, keeps the connection
                return

    def _answer(self, n: int, ticket_bytes: int) -> int | None:
        if self.mode == "silent" or (self.mode == "hang" and ticket_bytes >= self.after):
            return None
        if n == 1:
            return OFFLINE if self.mode == "paper_out" else ONLINE
        if n == 4:
            return {"paper_out": PAPER_OUT, "paper_low": PAPER_LOW}.get(self.mode, PAPER_OK)
        return ONLINE

    def ticket(self) -> bytes:
        """What was received, without the status requests."""
        return _STATUS.sub(b"", bytes(self.received))

    def wait_for(self, size: int, timeout: float = 10.0) -> bytes:
        """The ticket once ``size`` bytes of it have arrived (or whatever came within ``timeout``)."""
        deadline = time.monotonic() + timeout
        while len(self.ticket()) < size and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.ticket()

    def close(self) -> None:
        """Stop serving and free the port."""
        self._stop.set()
        with contextlib.suppress(OSError):
            self.server.close()
        self._thread.join(5)
