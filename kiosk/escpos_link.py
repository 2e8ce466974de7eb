"""Where ESC/POS bytes go: a network printer (raw TCP, port 9100), a USB printer, or a
serial one, named on the command line as

    --printer escpos:tcp:192.168.1.50[:9100]
    --printer escpos:usb:04b8:0202            (vendor:product, as lsusb shows them)
    --printer escpos:serial:/dev/ttyUSB0[:19200]   (or COM3[:19200] on Windows)

A printer that can say so is asked before each ticket whether it has paper and is online
(``DLE EOT``), and asked again after it, so a printer that stops answering mid-ticket is
reported rather than taken for done. Every fault comes back as a
:class:`~kiosk.printing.PrintOutcome` sentence, never an exception: the number stays on the
kiosk screen and the ticket's PDF stays on disk.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from kiosk.escpos import STATUS_PAPER, STATUS_PRINTER, PrinterStatus, status_from

DEFAULT_PORT = 9100
DEFAULT_BAUD = 19200
#: How long a printer that answers status requests may take to answer one.
ANSWER_S = 1.5
_USB = re.compile(r"^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$")


class LinkError(OSError):
    """The printer cannot be reached, or stopped answering; the message is a sentence's end."""


@dataclass(frozen=True)
class Target:
    """A parsed ``escpos:`` printer name."""

    kind: str  # tcp, usb, serial
    address: str  # host, vid:pid, device
    number: int = 0  # port or baud

    def __str__(self) -> str:
        return f"escpos:{self.kind}:{self.address}" + (f":{self.number}" if self.kind != "usb" else "")


def parse_target(spec: str) -> Target:
    """``escpos:tcp:HOST[:PORT]``, ``escpos:usb:VID:PID`` or ``escpos:serial:DEVICE[:BAUD]``;
    ValueError with the accepted forms otherwise."""
    forms = "escpos:tcp:HOST[:9100], escpos:usb:VID:PID or escpos:serial:DEVICE[:BAUD]"
    kind, _, rest = spec.removeprefix("escpos:").partition(":")
    if not spec.startswith("escpos:") or not rest:
        raise ValueError(f"'{spec}' is not an ESC/POS printer: write {forms}")
    if kind == "usb":
        if not _USB.match(rest):
            raise ValueError(f"'{spec}': give the USB vendor and product ids as lsusb shows them, e.g. escpos:usb:04b8:0202")
        return Target("usb", rest.lower())
    if kind not in ("tcp", "serial"):
        raise ValueError(f"'{spec}': unknown connection '{kind}'; write {forms}")
    address, number = rest, DEFAULT_PORT if kind == "tcp" else DEFAULT_BAUD
    head, sep, tail = rest.rpartition(":")
    if sep and tail.isdigit() and not (kind == "serial" and re.fullmatch(r"[A-Za-z]", head)):
        address, number = head, int(tail)
    if kind == "tcp" and not 0 < number < 65536:
        raise ValueError(f"'{spec}': the port must be 1..65535")
    return Target(kind, address, number)


class Link(Protocol):
    """An open connection to a printer."""

    answers: bool  # whether it can be asked for its status

    def send(self, data: bytes) -> None:
        """Send ``data``; LinkError if the printer does not take it."""

    def ask(self, request: bytes) -> int | None:
        """Send a status request and return the one byte answered, or None without an answer."""

    def close(self) -> None:
        """Close the connection."""


class TcpLink:
    """A network printer's raw port (JetDirect, 9100)."""

    answers = True

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.timeout = timeout
        try:
            self.sock = socket.create_connection((host, port), timeout=timeout)
        except OSError as e:
            raise LinkError(f"cannot be reached at {host}:{port} ({_reason(e)})") from None

    def send(self, data: bytes) -> None:
        """Send all of ``data`` within the timeout."""
        try:
            self.sock.settimeout(self.timeout)
            self.sock.sendall(data)
        except OSError as e:
            raise LinkError(f"stopped answering while printing ({_reason(e)})") from None

    def ask(self, request: bytes) -> int | None:
        """One status byte, or None if none comes within :data:`ANSWER_S`."""
        try:
            self.sock.settimeout(self.timeout)
            self.sock.sendall(request)
            self.sock.settimeout(ANSWER_S)
            reply = self.sock.recv(1)
        except TimeoutError:
            return None
        except OSError as e:
            raise LinkError(f"stopped answering ({_reason(e)})") from None
        if not reply:
            raise LinkError("closed the connection")
        return reply[0]

    def close(self) -> None:
        """Close the socket."""
        with contextlib.suppress(OSError):
            self.sock.close()


class SerialLink:
    """A serial printer (pyserial), 8N1 at the given speed."""

    answers = True

    def __init__(self, device: str, baud: int, timeout: float) -> None:
        import serial  # pyserial, no stubs; imported only for serial printers

        try:
            self.port: Any = serial.Serial(device, baud, timeout=ANSWER_S, write_timeout=timeout)
        except (OSError, serial.SerialException) as e:
            raise LinkError(f"cannot be opened at {device} ({_reason(e)})") from None

    def send(self, data: bytes) -> None:
        """Write all of ``data`` within the timeout."""
        import serial

        try:
            self.port.write(data)
            self.port.flush()
        except (OSError, serial.SerialException) as e:
            raise LinkError(f"stopped answering while printing ({_reason(e)})") from None

    def ask(self, request: bytes) -> int | None:
        """One status byte, or None if none comes within :data:`ANSWER_S`."""
        import serial

        try:
            self.port.reset_input_buffer()
            self.port.write(request)
            reply = self.port.read(1)
        except (OSError, serial.SerialException) as e:
            raise LinkError(f"stopped answering ({_reason(e)})") from None
        return reply[0] if reply else None

    def close(self) -> None:
        """Close the port."""
        self.port.close()


class DeviceLink:
    """A USB printer through the operating system's printer-class device (Linux ``/dev/usb/lpN``);
    write-only, so its status is not asked."""

    answers = False

    def __init__(self, path: Path) -> None:
        try:
            self.fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
        except OSError as e:
            raise LinkError(f"cannot be opened at {path} ({_reason(e)})") from None

    def send(self, data: bytes) -> None:
        """Write all of ``data``."""
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self.fd, view):]
        except OSError as e:
            raise LinkError(f"stopped answering while printing ({_reason(e)})") from None

    def ask(self, request: bytes) -> int | None:
        """Not asked: the device is opened for writing only."""
        return None

    def close(self) -> None:
        """Close the device."""
        os.close(self.fd)


def usb_device(vid_pid: str, sysfs: Path = Path("/sys/class/usbmisc")) -> Path:
    """The ``/dev/usb/lpN`` of the USB printer ``vid:pid`` (Linux's usblp driver); LinkError when
    it is not connected, or on a system without that driver (Windows: use the printer's queue)."""
    if sys.platform == "win32":
        raise LinkError("is a USB ESC/POS printer, which Windows reaches through its own printer queue: "
                        "install the printer's driver and give --printer its queue name")
    vid, pid = vid_pid.split(":")
    for lp in sorted(sysfs.glob("lp*")) if sysfs.is_dir() else []:
        usb = (lp / "device").resolve().parent  # the interface's parent is the USB device
        try:
            ids = ((usb / "idVendor").read_text().strip(), (usb / "idProduct").read_text().strip())
        except OSError:
            continue
        if ids == (vid, pid):
            return Path("/dev/usb") / lp.name
    raise LinkError(f"is not connected (no USB printer {vid}:{pid} found; is it on, and is the usblp driver loaded?)")


def open_link(target: Target, timeout: float) -> Link:
    """An open connection to ``target``."""
    if target.kind == "tcp":
        return TcpLink(target.address, target.number, timeout)
    if target.kind == "serial":
        return SerialLink(target.address, target.number, timeout)
    return DeviceLink(usb_device(target.address))


def read_status(link: Link) -> PrinterStatus:
    """Ask the printer for its state (nothing asked of a link that cannot answer)."""
    if not link.answers:
        return PrinterStatus()
    printer = link.ask(STATUS_PRINTER)
    paper = link.ask(STATUS_PAPER) if printer is not None else None
    return status_from(printer, paper)


def _reason(error: BaseException) -> str:
    if isinstance(error, TimeoutError | socket.timeout):
        return "no answer in time"
    return getattr(error, "strerror", None) or str(error) or type(error).__name__
