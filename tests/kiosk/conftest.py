"""Fixtures for the kiosk tests: hand-built tickets and a real CUPS printer (cups-pdf)."""

from __future__ import annotations

import getpass
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from db.estimate import WaitRange
from db.records import IssuedTicket, TicketInfo

CUPS_TEST_PRINTER = "AntrianTestPDF"
_SBIN_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin", "/usr/local/sbin"])
_C_ENV = {**os.environ, "LC_ALL": "C", "LANG": "C", "LANGUAGE": "C"}
_CUPS_PDF_BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
_CUPS_PDF_CONF = Path("/etc/cups/cups-pdf.conf")


def make_issued(**changes: Any) -> IssuedTicket:
    """An issued ticket for A-007 at Desk CAPA; keyword arguments replace ticket or issue fields."""
    issued_at = datetime(2026, 11, 23, 7, 5, tzinfo=UTC)  # 14:05 in Jakarta
    ticket = TicketInfo(
        id=1234,
        label="A-007",
        service_code="A",
        service_name_id="Desk CAPA",
        service_name_en="CAPA Desk",
        day=date(2026, 11, 23),
        seq=7,
        status="waiting",
        priority=False,
        issued_at=issued_at,
        queue_time=issued_at,
    )
    issued = IssuedTicket(
        ticket=ticket,
        people_ahead=3,
        wait=WaitRange(10, 15),
        site_name="Direktorat Pengawasan Produksi Obat",
        footer="Layanan ini tidak dipungut biaya. Terima kasih atas kunjungan Anda.",
    )
    ticket_fields = {k: v for k, v in changes.items() if k in TicketInfo.__dataclass_fields__}
    issue_fields = {k: v for k, v in changes.items() if k not in ticket_fields}
    return replace(issued, ticket=replace(ticket, **ticket_fields), **issue_fields)


@pytest.fixture
def issued_factory() -> Callable[..., IssuedTicket]:
    """Build an :class:`IssuedTicket` by hand (see :func:`make_issued`)."""
    return make_issued


# ----------------------------------------------------------------------------- CUPS


@dataclass(frozen=True)
class CupsPdfPrinter:
    """A cups-pdf virtual printer registered in a running cupsd."""

    name: str
    ppd: str
    output_dirs: tuple[Path, ...]

    def diagnostics(self) -> str:
        """Printer state, job list and the end of the CUPS error log."""
        return cups_diagnostics(self.name)


def _tool(name: str) -> str | None:
    return shutil.which(name, path=_SBIN_PATH)


def _run(*cmd: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(cmd), capture_output=True, text=True, timeout=timeout,
                          env=_C_ENV, stdin=subprocess.DEVNULL, check=False)


def _scheduler_running(lpstat: str) -> bool:
    return "scheduler is running" in _run(lpstat, "-r", timeout=10).stdout


def _cups_pdf_output_dirs() -> tuple[Path, ...]:
    """Where cups-pdf writes jobs submitted by this user, from /etc/cups/cups-pdf.conf."""
    try:
        import pwd  # POSIX only; cups-pdf uses the passwd entry, not $HOME

        entry = pwd.getpwuid(os.getuid())
        home, user = entry.pw_dir, entry.pw_name
    except (ImportError, KeyError):
        home, user = str(Path.home()), getpass.getuser()
    out = "/var/spool/cups-pdf/${USER}"  # cups-pdf's compiled-in default
    anon = "/var/spool/cups-pdf/ANONYMOUS"
    try:
        for line in _CUPS_PDF_CONF.read_text(encoding="utf-8", errors="replace").splitlines():
            match = re.match(r"\s*(Out|AnonDirName)\s+(\S.*?)\s*$", line)
            if match:
                if match.group(1) == "Out":
                    out = match.group(2)
                else:
                    anon = match.group(2)
    except OSError:
        pass

    def expand(value: str) -> Path:
        return Path(value.replace("${HOME}", home).replace("${USER}", user))

    dirs = [expand(out), expand(anon), Path(home) / "PDF"]
    return tuple(dict.fromkeys(dirs))  # de-duplicated, order kept


def _find_cups_pdf_ppd(lpinfo: str) -> str:
    listing = _run(lpinfo, "-m", timeout=120).stdout
    models = [line.split(None, 1)[0] for line in listing.splitlines() if line.strip()]
    for wanted in ("CUPS-PDF_opt.ppd", "CUPS-PDF_noopt.ppd", "CUPS-PDF.ppd"):
        for model in models:
            if model.endswith(wanted):
                return model
    pytest.fail("lpinfo -m lists no CUPS-PDF PPD; is printer-driver-cups-pdf installed?\n" + listing[-2000:])


def cups_diagnostics(name: str = CUPS_TEST_PRINTER) -> str:
    """Printer state, job list and the end of the CUPS error log, for failure messages."""
    lpstat = _tool("lpstat") or "lpstat"
    parts = [
        _run(lpstat, "-l", "-p", name, timeout=10).stdout,
        _run(lpstat, "-W", "all", "-o", name, timeout=10).stdout,
    ]
    log = Path("/var/log/cups/error_log")
    if log.is_file():
        parts.append("".join(log.read_text(errors="replace").splitlines(keepends=True)[-40:]))
    return "\n".join(parts)


@pytest.fixture(scope="session")
def cups_pdf_printer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CupsPdfPrinter]:
    """A running cupsd with the cups-pdf printer ``AntrianTestPDF``.

    Starts cupsd (as our foreground child) when it is not running and adds the
    printer with the cups-pdf PPD; a plain run undoes both at the end of the session.
    """
    tools = {name: _tool(name) for name in ("cupsd", "lpadmin", "lpstat", "lpinfo", "lp")}
    missing = sorted(name for name, found in tools.items() if found is None)
    if missing:
        pytest.skip(f"CUPS is not installed ({', '.join(missing)} not found); "
                    "install cups cups-client printer-driver-cups-pdf")
    if not _CUPS_PDF_BACKEND.exists():
        pytest.skip(f"cups-pdf is not installed ({_CUPS_PDF_BACKEND} missing); "
                    "install printer-driver-cups-pdf")
    cupsd, lpadmin, lpstat, lpinfo = (tools[n] for n in ("cupsd", "lpadmin", "lpstat", "lpinfo"))
    assert cupsd and lpadmin and lpstat and lpinfo

    started: subprocess.Popen[bytes] | None = None
    added = False
    with _cups_setup_lock():
        if not _scheduler_running(lpstat):
            if getattr(os, "geteuid", lambda: -1)() != 0:
                pytest.skip("cupsd is not running and only root can start it")
            started = _start_cupsd(cupsd, lpstat, tmp_path_factory.mktemp("cupsd") / "cupsd.log")
        try:
            ppd = _find_cups_pdf_ppd(lpinfo)
            added = CUPS_TEST_PRINTER not in _run(lpstat, "-e", timeout=10).stdout.split()
            done = _run(lpadmin, "-p", CUPS_TEST_PRINTER, "-E", "-v", "cups-pdf:/", "-m", ppd)
            if done.returncode != 0:
                pytest.fail(f"lpadmin failed ({done.returncode}): {done.stderr.strip()}")
        except BaseException:
            _stop(started)
            raise
    try:
        yield CupsPdfPrinter(CUPS_TEST_PRINTER, ppd, _cups_pdf_output_dirs())
    finally:
        # Under pytest-xdist another worker may still be printing through this cupsd
        # and queue, so a worker leaves both in place; a plain run cleans up.
        if "PYTEST_XDIST_WORKER" not in os.environ:
            if added:
                _run(lpadmin, "-x", CUPS_TEST_PRINTER)
            _stop(started)


@contextmanager
def _cups_setup_lock() -> Iterator[None]:
    """Serialise cupsd start-up and lpadmin across processes (pytest-xdist workers)."""
    import fcntl  # POSIX only, like cupsd itself

    lock_path = Path(tempfile.gettempdir()) / "antrian-cups-test.lock"
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _start_cupsd(cupsd: str, lpstat: str, log_path: Path) -> subprocess.Popen[bytes]:
    """Start cupsd as our child and wait (bounded) until it answers."""
    with log_path.open("wb") as log_file:
        # -f keeps cupsd in the foreground as our child, so we know what to stop.
        started = subprocess.Popen([cupsd, "-f"], stdout=log_file, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not _scheduler_running(lpstat):
        if started.poll() is not None:
            pytest.fail(f"cupsd exited with {started.returncode}:\n{log_path.read_text(errors='replace')}")
        if time.monotonic() > deadline:
            _stop(started)
            pytest.fail("cupsd did not come up within 30 s")
        time.sleep(0.2)
    return started


def _stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
