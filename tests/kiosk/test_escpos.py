"""ESC/POS tickets: the bytes a thermal printer gets, sent over a real TCP socket (a fake
TM-T82 on 127.0.0.1) and a real pseudo-terminal (a serial printer), and every fault a
printer can say or show: out of paper, silent, stopping mid-ticket, hanging up, absent."""

from __future__ import annotations

import os
import re
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db.database import Database
from db.estimate import WaitRange
from db.records import IssuedTicket
from kiosk import escpos
from kiosk.escpos import EscposLayout, ascii_text, qr_code, ticket_bytes, wrap
from kiosk.escpos_link import LinkError, Target, parse_target, usb_device
from kiosk.flow import PrintResult, PrintSetup, TicketFlow
from kiosk.printing import TicketPrinter
from kiosk.ticket_pdf import default_qr_payload, render_ticket_pdf
from tests.kiosk.fake_escpos import PAPER_OK, FakePrinter
from ui.tasks import TaskRunner


@pytest.fixture
def printer_factory() -> Iterator[Callable[..., FakePrinter]]:
    """Fake printers, closed after the test."""
    made: list[FakePrinter] = []

    def make(mode: str = "ok", after: int = 200) -> FakePrinter:
        made.append(FakePrinter(mode, after))
        return made[-1]

    yield make
    for p in made:
        p.close()


def text_lines(data: bytes) -> list[str]:
    """The printable text of ESC/POS bytes, line by line (commands and their arguments removed)."""
    data = re.sub(rb"\x1d\(k(..)", lambda m: b"", data, flags=re.DOTALL)  # QR header; its body stays
    data = re.sub(rb"\x1b[@]|\x1b[aEt].|\x1d[!B].|\x1dV..", b"", data, flags=re.DOTALL)
    return [line.decode("ascii", "replace").strip() for line in data.split(b"\n")]


# -- the ticket's bytes ---------------------------------------------------------------------------


def test_the_ticket_has_everything_the_pdf_has(issued_factory: Callable[..., IssuedTicket]) -> None:
    issued = issued_factory()
    data = ticket_bytes(issued)
    assert data.startswith(escpos.INIT) and data.endswith(escpos.FEED_AND_CUT)
    assert all(b < 0x80 for b in data if b >= 0x20), "plain ASCII text only"
    lines = text_lines(data)
    for expected in ("Direktorat Pengawasan Produksi Obat", "Desk CAPA", "CAPA Desk", "Nomor Antrean / Queue Number",
                     "A-007", "Senin, 23 November 2026 pukul 14.05 WIB", "Antrean di depan Anda: 3",
                     "People ahead: 3", "Perkiraan waktu tunggu: sekitar 10-15 menit", "Estimated wait: about 10-15 min"):
        assert expected in lines, (expected, lines)
    assert escpos.size(8, 8) + b"A-007\n" in data  # the number as large as the printer draws (48 columns / 5)
    assert qr_code(default_qr_payload(issued.ticket), 6) in data
    assert b"PRIORITAS" not in data
    assert " ".join(lines).count("Layanan ini tidak dipungut biaya.") == 1


def test_priority_narrow_roll_and_long_names(issued_factory: Callable[..., IssuedTicket]) -> None:
    issued = issued_factory(priority=True, label="ABC-123", service_name_id="Permohonan Fasilitas Bersama (Fasber) "
                                                                              "untuk Industri Farmasi", wait=WaitRange(0, 0))
    data = ticket_bytes(issued, EscposLayout(58))
    assert escpos.reverse(True) + b" PRIORITAS / PRIORITY " + escpos.reverse(False) in data
    assert escpos.size(4, 4) + b"ABC-123\n" in data  # 32 columns / 7 characters
    assert max(len(line) for line in text_lines(data) if "ANTRIAN:" not in line) <= 32  # the QR's data aside
    assert qr_code(default_qr_payload(issued.ticket), 4) in data
    assert "Perkiraan waktu tunggu: segera" in text_lines(data)
    assert not ticket_bytes(issued, EscposLayout(80, qr=False)).count(b"\x1d(k")


def test_qr_code_command_follows_the_manual() -> None:
    data = qr_code("ANTRIAN:2026-11-23:A-007:1234", 5)
    assert data[:9] == b"\x1d(k\x04\x001A2\x00"  # model 2
    assert data[9:17] == b"\x1d(k\x03\x001C\x05"  # module size 5
    assert data[17:25] == b"\x1d(k\x03\x001E1"  # error correction M
    assert data[25:33] == b"\x1d(k" + bytes([29 + 3, 0]) + b"1P0"  # store: length + 3
    assert data[33:62] == b"ANTRIAN:2026-11-23:A-007:1234" and data[62:] == b"\x1d(k\x03\x001Q0"


def test_text_helpers() -> None:
    assert ascii_text("sekitar 20–30 menit\u00a0• Café “ok” …") == 'sekitar 20-30 menit ? Cafe "ok" ...'
    assert wrap("Layanan ini tidak dipungut biaya", 12) == ["Layanan ini", "tidak", "dipungut", "biaya"]
    assert wrap("ABCDEFGHIJKLMNOP x", 6) == ["ABCDEF", "GHIJKL", "MNOP x"]
    with pytest.raises(ValueError):
        escpos.size(9, 1)
    st = escpos.status_from(0x12 | 0x08, 0x12 | 0x60)
    assert st.offline and st.paper_out and st.fault == "is out of paper"
    assert escpos.status_from(0x12, 0x12 | 0x0C).paper_low and escpos.status_from(0x12, PAPER_OK).fault is None
    assert escpos.status_from(None, None).fault is None


@pytest.mark.parametrize(("spec", "target"), [
    ("escpos:tcp:192.168.1.50", Target("tcp", "192.168.1.50", 9100)),
    ("escpos:tcp:printer.lan:9101", Target("tcp", "printer.lan", 9101)),
    ("escpos:usb:04B8:0202", Target("usb", "04b8:0202")),
    ("escpos:serial:/dev/ttyUSB0", Target("serial", "/dev/ttyUSB0", 19200)),
    ("escpos:serial:/dev/ttyS1:9600", Target("serial", "/dev/ttyS1", 9600)),
    ("escpos:serial:COM3:38400", Target("serial", "COM3", 38400)),
])
def test_printer_names(spec: str, target: Target) -> None:
    assert parse_target(spec) == target
    assert str(target).startswith(spec.split(":")[0] + ":" + spec.split(":")[1])


@pytest.mark.parametrize("spec", ["escpos:", "escpos:tcp:", "escpos:usb:epson", "escpos:bluetooth:x",
                                  "escpos:tcp:host:70000", "tcp:host"])
def test_bad_printer_names(spec: str) -> None:
    with pytest.raises(ValueError, match="escpos:"):
        parse_target(spec)


# -- printing over the network -----------------------------------------------------------------------


def test_a_ticket_printed_on_a_network_printer(tmp_path: Path, issued_factory: Callable[..., IssuedTicket],
                                               printer_factory: Callable[..., FakePrinter]) -> None:
    fake = printer_factory()
    issued = issued_factory()
    pdf = render_ticket_pdf(issued, tmp_path / "A-007.pdf")
    printer = TicketPrinter(fake.spec, tmp_path / "kept", tz="Asia/Jakarta")
    outcome = printer.submit(pdf, issued)
    assert outcome.ok, outcome.message
    assert outcome.message == f"Printer '{fake.spec}' printed the ticket"
    assert fake.ticket() == ticket_bytes(issued)  # exactly the ticket, nothing lost or added
    assert fake.received.count(escpos.STATUS_PRINTER) == 2  # asked before and after
    assert (tmp_path / "kept" / "A-007.pdf").is_file()  # the PDF is kept all the same


@pytest.mark.parametrize(("mode", "message"), [
    ("paper_out", "is out of paper"),
    ("hang", "stopped answering while printing"),
])
def test_printer_faults_are_one_sentence(tmp_path: Path, issued_factory: Callable[..., IssuedTicket],
                                         printer_factory: Callable[..., FakePrinter], mode: str, message: str) -> None:
    fake = printer_factory(mode, after=300)
    issued = issued_factory()
    outcome = TicketPrinter(fake.spec, tmp_path).submit(render_ticket_pdf(issued, tmp_path / "t.pdf"), issued)
    assert not outcome.ok and outcome.message == f"Printer '{fake.spec}' {message}"
    if mode == "paper_out":
        assert fake.ticket() == b""  # nothing sent to a printer without paper


def test_a_printer_that_hangs_up_mid_ticket(tmp_path: Path, issued_factory: Callable[..., IssuedTicket],
                                            printer_factory: Callable[..., FakePrinter]) -> None:
    fake = printer_factory("close", after=100)
    issued = issued_factory()
    outcome = TicketPrinter(fake.spec, tmp_path).submit(render_ticket_pdf(issued, tmp_path / "t.pdf"), issued)
    assert not outcome.ok
    assert re.fullmatch(rf"Printer '{re.escape(fake.spec)}' (stopped answering.*|closed the connection)", outcome.message)


def test_silent_and_low_paper_printers_still_print(tmp_path: Path, issued_factory: Callable[..., IssuedTicket],
                                                   printer_factory: Callable[..., FakePrinter]) -> None:
    issued = issued_factory()
    pdf = render_ticket_pdf(issued, tmp_path / "t.pdf")
    silent = printer_factory("silent")
    outcome = TicketPrinter(silent.spec, tmp_path).submit(pdf, issued)
    assert outcome.ok  # a printer without status is trusted
    assert silent.wait_for(len(ticket_bytes(issued))) == ticket_bytes(issued)
    low = printer_factory("paper_low")
    outcome = TicketPrinter(low.spec, tmp_path).submit(pdf, issued)
    assert outcome.ok and outcome.message.endswith("printed the ticket (paper is running low)")


def test_absent_printers(tmp_path: Path, issued_factory: Callable[..., IssuedTicket]) -> None:
    issued = issued_factory()
    pdf = render_ticket_pdf(issued, tmp_path / "t.pdf")
    fake = FakePrinter()
    fake.close()  # nobody listens on its port any more
    outcome = TicketPrinter(fake.spec, tmp_path, timeout=2).submit(pdf, issued)
    assert not outcome.ok and f"cannot be reached at 127.0.0.1:{fake.port}" in outcome.message
    outcome = TicketPrinter("escpos:usb:04b8:0202", tmp_path).submit(pdf, issued)
    assert not outcome.ok and "is not connected (no USB printer 04b8:0202 found" in outcome.message
    assert not TicketPrinter("escpos:tcp:", tmp_path).submit(pdf, issued).ok
    outcome = TicketPrinter(fake.spec, tmp_path).submit(pdf)  # no ticket to lay out: kept only
    assert not outcome.ok and "prints tickets, not files" in outcome.message


def test_usb_printer_found_by_its_ids(tmp_path: Path) -> None:
    """The sysfs layout of Linux's usblp driver: /sys/class/usbmisc/lp0/device -> the interface."""
    device = tmp_path / "devices" / "usb1" / "1-2"
    (device / "1-2:1.0").mkdir(parents=True)
    (device / "idVendor").write_text("04b8\n")
    (device / "idProduct").write_text("0202\n")
    (tmp_path / "usbmisc" / "lp3").mkdir(parents=True)
    (tmp_path / "usbmisc" / "lp3" / "device").symlink_to(device / "1-2:1.0")
    assert usb_device("04b8:0202", tmp_path / "usbmisc") == Path("/dev/usb/lp3")
    with pytest.raises(LinkError, match="no USB printer 0519:0001 found"):
        usb_device("0519:0001", tmp_path / "usbmisc")


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal plays the serial line")
def test_a_serial_printer(tmp_path: Path, issued_factory: Callable[..., IssuedTicket]) -> None:
    master, slave = os.openpty()
    received = bytearray()
    stop = threading.Event()

    def printer() -> None:  # answers each status request like the network fake
        while not stop.is_set():
            try:
                chunk = os.read(master, 4096)
            except OSError:
                return
            received.extend(chunk)
            os.write(master, bytes([0x12]) * len(re.findall(rb"\x10\x04[\x01-\x04]", chunk)))
            if escpos.FEED_AND_CUT in received and received.endswith(b"\x10\x04\x04"):
                return

    thread = threading.Thread(target=printer, daemon=True)
    thread.start()
    issued = issued_factory()
    spec = f"escpos:serial:{os.ttyname(slave)}:9600"
    try:
        outcome = TicketPrinter(spec, tmp_path).submit(render_ticket_pdf(issued, tmp_path / "t.pdf"), issued)
    finally:
        stop.set()
        thread.join(5)
        os.close(slave)
        os.close(master)
    assert outcome.ok, outcome.message
    assert ticket_bytes(issued) in bytes(received).replace(b"\x10\x04\x01", b"").replace(b"\x10\x04\x04", b"")


# -- from a touch at the kiosk ---------------------------------------------------------------------


def test_a_touch_prints_on_the_thermal_printer(qtbot: QtBot, db: Database, tmp_path: Path,
                                               printer_factory: Callable[..., FakePrinter]) -> None:
    fake = printer_factory()
    flow = TicketFlow(db, TaskRunner(), TaskRunner(), PrintSetup(printer=fake.spec, keep_dir=tmp_path / "tickets"))
    try:
        with qtbot.waitSignal(flow.printed, timeout=20_000) as printed:
            assert flow.take("A")
        result: PrintResult = printed.args[0]
        assert result.ok and not result.printing_off, result.message
        assert "A-001" in text_lines(fake.ticket())
        assert len(list((tmp_path / "tickets").glob("*A-001*.pdf"))) == 1
    finally:
        flow.shutdown()
        flow.db_runner.wait()
        flow.print_runner.wait()


def test_a_mistyped_printer_is_one_line_at_start(tmp_path: Path) -> None:
    import subprocess

    done = subprocess.run([sys.executable, "-m", "kiosk", "--printer", "escpos:usb:epson", "--db", str(tmp_path / "x.db")],
                          capture_output=True, text=True, timeout=60, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "antrian kiosk: error: argument --printer: 'escpos:usb:epson': give the USB vendor and product ids as lsusb "
        "shows them, e.g. escpos:usb:04b8:0202"]
