"""The ``antrian`` command line, run as real processes against both databases through ``ANTRIAN_DB``."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from db import queue, siteconfig
from db.database import Database
from db.errors import AuthError
from tests.db.dbtools import set_service
from tests.pg import free_port

ANTRIAN = Path(sys.executable).with_name("antrian")  # the installed entry point
# Administrative commands on a set-up site act as its administrator, password on stdin.
ADMIN = ("--as", "admin")
ADMIN_PW = "admin123\n"


def run(*args: str, db: str | None = None, stdin: str | None = None, env: dict[str, str] | None = None,
        module: bool = False) -> subprocess.CompletedProcess[str]:
    """Run ``antrian ARGS`` with ``ANTRIAN_DB=db``; never through a terminal."""
    full_env = dict(os.environ)
    full_env.pop("ANTRIAN_DB", None)
    if db is not None:
        full_env["ANTRIAN_DB"] = db
    full_env.update(env or {})
    cmd = [sys.executable, "-m", "db", *args] if module else [str(ANTRIAN), *args]
    return subprocess.run(cmd, env=full_env, input=stdin if stdin is not None else "", capture_output=True, text=True)


def run_here(*args: str, db: str | None = None, stdin: str | None = None,
             env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``antrian ARGS`` called in this process (``db.cli.main``), answered as :func:`run` answers.

    A process start costs 1.7 CPU-seconds under the run's coverage measuring (imports 0.9 s,
    the measuring 0.6 s), so each command runs as a real process (:func:`run`) on each
    database in its own test, and the same command again in this process."""
    import contextlib
    import io

    from db import cli

    out, err = io.StringIO(), io.StringIO()
    given = {"ANTRIAN_DB": db, **(env or {})}
    saved_env, saved_stdin = {name: os.environ.get(name) for name in given}, sys.stdin
    for name, value in given.items():
        os.environ.pop(name, None)
        if value is not None:
            os.environ[name] = value
    sys.stdin = io.StringIO(stdin or "")
    opened: list[Database] = []  # a process's end closes its database; here it is closed after the call
    open_database = cli._open

    def recorded_open(*a: Any, **kw: Any) -> Database:
        opened.append(open_database(*a, **kw))
        return opened[-1]

    cli._open = recorded_open  # type: ignore[assignment]  # the subcommands import it at call time
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(list(args))
            except SystemExit as e:  # argparse's own refusals and --help
                code = e.code if isinstance(e.code, int) else (0 if e.code is None else 2)
    finally:
        cli._open = open_database  # type: ignore[assignment]
        for database in opened:
            database.dispose()
        sys.stdin = saved_stdin
        for name, value in saved_env.items():
            os.environ.pop(name, None)
            if value is not None:
                os.environ[name] = value
    return subprocess.CompletedProcess(["antrian", *args], code, out.getvalue(), err.getvalue())


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr
    return result.stdout


def error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The one error line of a failed command (exit code 2, no traceback, nothing on stdout)."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("antrian: error: "), lines[0]
    assert result.stdout == ""
    return lines[0]


@pytest.fixture
def open_config(tmp_path: Path) -> Path:
    """The sample site with every opening time removed (so the tests pass at any hour)."""
    text = siteconfig.SAMPLE.read_text(encoding="utf-8")
    keep = [line for line in text.splitlines()
            if line.strip() != "[services.hours]" and not re.match(r"^(mon|tue|wed|thu|fri|sat|sun) = ", line)]
    path = tmp_path / "site.toml"
    path.write_text("\n".join(keep) + "\n", encoding="utf-8")
    assert siteconfig.load(path).services[0]["hours"] == {}
    return path


@pytest.fixture
def site(site_db_url: str) -> str:
    """A database with the sample site, always open (set up like ``antrian init`` does)."""
    return site_db_url


def test_init_issue_call_status(db_url: str, open_config: Path) -> None:
    changed = json.loads(ok(run("init", "--config", str(open_config), "--json", db=db_url)))
    settings = len(siteconfig.load(open_config).settings)
    assert changed == {"settings": settings, "services": 6, "counters": 3, "officers": 5}

    # Nobody is signed in: no promise of "now", and the line says why.
    assert re.match(r"A-001  Desk CAPA  ahead: 0  wait: 0–\d+ min \(no counter open\)$",
                    ok(run("issue", "A", db=db_url)))
    assert re.match(r"A-002  Desk CAPA  ahead: 1  wait: 0–\d+ min \(no counter open\)$",
                    ok(run_here("issue", "a", db=db_url)))
    issued = json.loads(ok(run_here("issue", "B", "--priority", "--json", db=db_url)))
    assert issued["ticket"]["label"] == "B-001"
    assert issued["ticket"]["priority"] is True and issued["ticket"]["source"] == "counter"
    assert issued["people_ahead"] == 0 and issued["site_name"] == "Direktorat Pengawasan Produksi Obat"

    assert error_line(run_here("call-next", "--counter", "1", db=db_url)) == (
        "antrian: error: nobody is signed in at counter 1; sign in first")
    signed = ok(run("sign-in", "--counter", "1", "siti", "--password-stdin", stdin="siti123\n", db=db_url))
    assert signed.strip() == "Siti Rahmawati signed in at counter 1"
    called = json.loads(ok(run("call-next", "--counter", "1", "--json", db=db_url)))
    assert called["counter_number"] == 1
    assert called["ticket"]["label"] == "B-001" and called["ticket"]["status"] == "called"
    assert called["finished"] is None
    # B-001 was only called: calling next must be told how to close it
    refused = run_here("call-next", "--counter", "1", db=db_url)
    assert refused.returncode == 2 and refused.stdout == ""
    assert "B-001 was called but not served yet" in refused.stderr and "--close-as" in refused.stderr
    closed = ok(run_here("call-next", "--counter", "1", "--close-as", "no-show", db=db_url)).strip()
    assert closed == "B-001 no-show; counter 1: A-001 (Desk CAPA)"

    status = json.loads(ok(run("status", "--json", db=db_url)))
    assert "settings" not in status
    services = {s["code"]: s for s in status["services"]}
    assert (services["A"]["waiting"], services["A"]["issued_today"]) == (1, 2)
    assert (services["B"]["waiting"], services["B"]["issued_today"]) == (0, 1)
    counters = {c["number"]: c for c in status["counters"]}
    assert counters[1]["current"]["label"] == "A-001" and counters[2]["current"] is None
    assert [(r["label"], r["counter_number"]) for r in status["recent_calls"]] == [("A-001", 1), ("B-001", 1)]

    text = ok(run_here("status", db=db_url))
    assert text.startswith("Direktorat Pengawasan Produksi Obat — ")
    assert re.search(r"^  A  Desk CAPA\s+waiting   1  wait \d+(–\d+)? min", text, re.M)
    assert "A-001 called" in text and "A-001 -> Loket 1" in text

    # the command line and the library see the same database
    db = Database(db_url)
    snap = queue.queue_snapshot(db)
    assert snap.counters[0].current is not None and snap.counters[0].current.label == "A-001"
    assert [e.kind for e in snap.recent_calls] == ["called", "called"]
    db.dispose()


def test_db_option_before_or_after_the_command(sqlite_site: str) -> None:
    site = sqlite_site
    assert ok(run("--db", site, "issue", "C")).startswith("C-001")
    assert ok(run_here("issue", "C", "--db", site)).startswith("C-002")
    assert ok(run_here("--json", "issue", "C", db=site)).startswith("{")
    # --db wins over ANTRIAN_DB
    assert error_line(run_here("--db", "mysql://x@y/z", "status", db=site)) == (
        "antrian: error: unsupported database 'mysql': use sqlite or postgresql")


def test_default_database_in_data_dir(tmp_path: Path, open_config: Path) -> None:
    data = tmp_path / "data"
    env = {"ANTRIAN_DATA_DIR": str(data)}
    ok(run_here("init", "--config", str(open_config), env=env))
    assert (data / "antrian.db").is_file()
    assert ok(run("issue", "E", env=env)).startswith("E-001")
    assert ok(run("issue", "E", env=env, module=True)).startswith("E-002")  # python -m db


def test_init_with_the_bundled_sample(db_url: str) -> None:
    changed = json.loads(ok(run_here("init", "--json", db=db_url)))
    assert changed["services"] == 6 and changed["officers"] == 5
    db = Database(db_url)
    assert queue.queue_snapshot(db).services[0].name_id == "Desk CAPA"
    db.dispose()


def test_officer_add_and_passwd(site: str) -> None:
    assert ok(run("officer", "add", "rina", "--name", "Rina Wulandari", "--role", "supervisor",
                  "--password", "rahasia1", *ADMIN, db=site, stdin=ADMIN_PW)).strip() == "officer rina: done"
    db = Database(site)
    me = queue.sign_in(db, 1, "rina", "rahasia1", take_over=True)
    assert (me.display_name, me.role) == ("Rina Wulandari", "supervisor")
    assert error_line(run_here("officer", "add", "rina", "--password", "lain1234", *ADMIN, db=site, stdin=ADMIN_PW)) == (
        "antrian: error: officer 'rina' already exists")
    # the password from the environment
    out = json.loads(ok(run("officer", "passwd", "rina", "--json", *ADMIN, db=site, stdin=ADMIN_PW,
                            env={"ANTRIAN_PASSWORD": "baru5678"})))
    assert out == {"username": "rina", "action": "passwd"}
    with pytest.raises(AuthError):
        queue.sign_in(db, 1, "rina", "rahasia1")
    assert queue.sign_in(db, 1, "rina", "baru5678").username == "rina"
    assert error_line(run_here("officer", "passwd", "nobody", "--password", "abcd1234", *ADMIN, db=site,
                          stdin=ADMIN_PW)) == (
        "antrian: error: officer 'nobody' does not exist")
    db.dispose()


def test_config_export_and_apply(site: str, tmp_path: Path) -> None:
    target = tmp_path / "exported.toml"
    assert ok(run("config", "export", str(target), db=site)) == ""
    exported = target.read_text(encoding="utf-8")
    assert [s["code"] for s in tomllib.loads(exported)["services"]] == ["A", "B", "C", "D", "E", "F"]
    unchanged = json.loads(ok(run("config", "apply", str(target), "--json", *ADMIN, db=site, stdin=ADMIN_PW)))
    assert unchanged == {"settings": 0, "services": 0, "counters": 0, "officers": 0}
    target.write_text(exported.replace('name_id = "Diskusi Denah"', 'name_id = "Diskusi Denah Bangunan"'), encoding="utf-8")
    out = ok(run_here("config", "apply", str(target), *ADMIN, db=site, stdin=ADMIN_PW))
    assert out.startswith(f"applied {target}; changed: ") and "'services': 1" in out
    again = ok(run_here("config", "export", db=site))  # to stdout
    assert again == exported.replace("Diskusi Denah", "Diskusi Denah Bangunan")


def test_bad_config_file_changes_nothing(site: str, tmp_path: Path) -> None:
    db = Database(site)
    before = siteconfig.export(db)
    lines = [line.replace("Desk CAPA", "Desk CAPA Baru") for line in before.splitlines()]  # good edits ...
    colour = next(i for i, line in enumerate(lines) if line.startswith("colour = "))
    lines[colour] = 'colour = "biru"'  # ... and one fault
    bad = tmp_path / "bad.toml"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    line = error_line(run_here("config", "apply", str(bad), db=site))
    assert line == f'antrian: error: {bad}: services[0].colour: must be a colour like "#1565c0" (line {colour + 1})'
    assert siteconfig.export(db) == before
    db.dispose()


def test_errors_are_one_line(site: str) -> None:
    assert error_line(run_here("issue", "Z", db=site)) == "antrian: error: service 'Z' does not exist"
    assert error_line(run_here("call-next", "--counter", "99", db=site)) == "antrian: error: counter 99 does not exist"
    db = Database(site)
    set_service(db, "F", daily_quota=1)
    queue.issue_ticket(db, "F")
    db.dispose()
    assert error_line(run_here("issue", "F", db=site)) == (
        "antrian: error: Certificate Collection has reached today's quota of 1 tickets")


# -- errors that do not depend on the database kind (SQLite only) -----------------------------------


@pytest.fixture
def sqlite_site(tmp_path: Path, open_config: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    ok(run_here("init", "--config", str(open_config), db=url))
    return url


def test_argument_errors_are_one_line(sqlite_site: str, tmp_path: Path) -> None:
    assert "at least 4 characters" in error_line(run_here("officer", "add", "x1", "--password", "abc", db=sqlite_site))
    assert "give --password" in error_line(run_here("officer", "add", "x2", db=sqlite_site, stdin="secret\n"))
    bad = tmp_path / "bad.toml"
    bad.write_text("[site\nsite_name = 1\n", encoding="utf-8")
    assert "not valid TOML" in error_line(run_here("config", "apply", str(bad), db=sqlite_site))
    assert "cannot read" in error_line(run_here("config", "apply", str(tmp_path / "missing.toml"), db=sqlite_site))


def test_database_errors_are_one_line(tmp_path: Path) -> None:
    assert error_line(run_here("status", db="mysql://u:p@localhost/antrian")) == (
        "antrian: error: unsupported database 'mysql': use sqlite or postgresql")
    line = error_line(run("status", db=f"postgresql://antrian:pw@127.0.0.1:{free_port()}/antrian"))
    assert line.startswith("antrian: error: cannot open database: ") and "refused" in line.lower()
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n" * 100)
    assert error_line(run_here("issue", "A", db=str(notes))).startswith(f"antrian: error: {notes} is not a database file")


def test_newer_schema_is_one_line(site: str) -> None:
    from sqlalchemy import text

    db = Database(site)
    with db.write() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '9999zz'"))
    db.dispose()
    line = error_line(run_here("status", db=site))
    assert line.startswith("antrian: error: this database was written by a newer Antrian (schema 9999zz)")


def test_usage_errors_exit_2() -> None:
    """argparse's own errors: exit code 2, no traceback, the last line names the error."""
    for args in (("frobnicate",), ("call-next",), ("issue",), ("status", "--bogus")):
        result = (run if args == ("frobnicate",) else run_here)(*args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr
        assert re.match(r"^antrian( [a-z-]+)?: error: ", result.stderr.splitlines()[-1]), result.stderr
        assert result.stdout == ""


def test_sign_in_and_out(site: str) -> None:
    assert ok(run("sign-out", "--counter", "1", "--as", "supervisor", stdin="supervisor123\n", db=site)).strip() == (
        "counter 1: nobody signed in")
    assert error_line(run_here("call-next", "--counter", "1", db=site)) == (
        "antrian: error: nobody is signed in at counter 1; sign in first")
    assert error_line(run_here("sign-in", "--counter", "1", "siti", db=site)) == (
        "antrian: error: not at a terminal: pipe the secret in and add --password-stdin / --pin-stdin")
    assert error_line(run_here("sign-in", "--counter", "1", "siti", "--password-stdin", stdin="salah\n", db=site)) == (
        "antrian: error: wrong username or password")
    out = json.loads(ok(run_here("sign-in", "--counter", "1", "siti", "--password-stdin", "--json", stdin="siti123\n",
                              db=site)))
    assert out == {"counter": 1, "username": "siti", "display_name": "Siti Rahmawati"}
    assert ok(run_here("call-next", "--counter", "1", db=site)).strip() == "counter 1: nobody is waiting"
    assert error_line(run_here("sign-in", "--counter", "2", "agus", "--password-stdin", stdin="agus123\n", db=site)) == (
        "antrian: error: Budi Santoso is signed in at counter 2")
    ok(run_here("sign-in", "--counter", "2", "agus", "--password-stdin", "--take-over", stdin="agus123\n", db=site))
    status = json.loads(ok(run_here("status", "--json", db=site)))
    assert [c["officer"] for c in status["counters"]] == ["Siti Rahmawati", "Agus Pratama", None]  # agus left 3


def test_lockout_is_one_clear_line_and_passwd_lifts_it(site: str) -> None:
    for _ in range(5):
        run_here("sign-in", "--counter", "1", "siti", "--password-stdin", stdin="salah\n", db=site)
    line = error_line(run("sign-in", "--counter", "1", "siti", "--password-stdin", stdin="siti123\n", db=site))
    assert re.fullmatch(r"antrian: error: too many wrong attempts; sign-in is locked until \d\d:\d\d", line), line
    ok(run_here("officer", "passwd", "siti", "--password", "baru1234", *ADMIN, db=site, stdin=ADMIN_PW))
    ok(run_here("sign-in", "--counter", "1", "siti", "--password-stdin", stdin="baru1234\n", db=site))


def test_kiosk_pin_set_and_clear(site: str) -> None:
    assert ok(run("kiosk-pin", "set", "--pin-stdin", *ADMIN, stdin=ADMIN_PW + "2468\n", db=site)).strip() == (
        "kiosk PIN set")
    db = Database(site)
    try:
        from db import access

        assert access.check_kiosk_pin(db, "2468") is True
        exported = ok(run_here("config", "export", db=site))
        assert "kiosk_pin =" not in exported and "scrypt$" not in exported
        assert error_line(run_here("kiosk-pin", "set", "--pin-stdin", *ADMIN, stdin=ADMIN_PW + "12ab\n", db=site)) == (
            "antrian: error: the kiosk PIN must be 4 to 12 digits")
        assert error_line(run_here("kiosk-pin", "set", *ADMIN, stdin=ADMIN_PW, db=site)).startswith(
            "antrian: error: not at a terminal")
        assert ok(run_here("kiosk-pin", "clear", *ADMIN, stdin=ADMIN_PW, db=site)).strip() == "kiosk PIN removed"
        assert queue.queue_snapshot(db).settings.kiosk_pin == ""
    finally:
        db.dispose()


# -- administrative commands need an administrator (--as) once one exists -----------------------------


def test_administrative_commands_need_as_once_an_admin_exists(site: str, tmp_path: Path) -> None:
    from db import audit

    db = Database(site)
    try:
        before = siteconfig.export(db)
        path = tmp_path / "site.toml"
        path.write_text(before.replace("Desk CAPA", "Desk CAPA Baru"), encoding="utf-8")
        needs_admin = "antrian: error: this needs an administrator: add --as USERNAME"
        for args in (("config", "apply", str(path)), ("officer", "add", "nia", "--password", "rahasia1"),
                     ("officer", "passwd", "siti", "--password", "baru1234"), ("kiosk-pin", "clear")):
            assert error_line(run_here(*args, db=site)) == needs_admin, args
            if args[0] in ("config", "kiosk-pin"):  # (each refusal counts toward siti's sign-in lockout)
                # an officer cannot act through the command line: refused at sign-in
                assert error_line(run_here(*args, "--as", "siti", db=site, stdin="siti123\n")) == (
                    "antrian: error: Siti Rahmawati is not a supervisor or administrator"), args
            # a supervisor is not an administrator: refused by the operation itself
            assert error_line(run_here(*args, "--as", "supervisor", db=site, stdin="supervisor123\n")) == (
                "antrian: error: Dewi Lestari is not an administrator"), args
            assert error_line(run_here(*args, "--as", "admin", db=site, stdin="salah\n")) == (
                "antrian: error: wrong username or password"), args
        assert error_line(run_here("kiosk-pin", "set", "--pin-stdin", "--as", "admin", db=site)) == (
            "antrian: error: --as admin: give their password as the first line of standard input")
        assert error_line(run_here("sign-out", "--counter", "1", db=site)) == (
            "antrian: error: this needs a supervisor or administrator: add --as USERNAME")
        assert error_line(run_here("sign-out", "--counter", "1", "--as", "siti", db=site, stdin="siti123\n")) == (
            "antrian: error: Siti Rahmawati is not a supervisor or administrator")
        assert siteconfig.export(db) == before
        assert queue.queue_snapshot(db).counters[0].officer == "Siti Rahmawati"
        assert queue.sign_in(db, 1, "siti", "siti123").username == "siti"  # her password is unchanged
        # the administrator can, each command signed in and out again, and audited
        ok(run("config", "apply", str(path), *ADMIN, db=site, stdin=ADMIN_PW))
        ok(run_here("officer", "add", "nia", "--password", "rahasia1", *ADMIN, db=site, stdin=ADMIN_PW))
        ok(run_here("sign-out", "--counter", "1", *ADMIN, db=site, stdin=ADMIN_PW))
        assert ok(run_here("config", "export", *ADMIN, db=site, stdin=ADMIN_PW)) == siteconfig.export(db)
        trail = [(e.username, e.action, e.target) for e in audit.entries(db) if e.username == "admin"]
        assert trail == [
            ("admin", "signed_out", "antrian command line"), ("admin", "signed_in", "antrian command line"),
            ("admin", "signed_out", "antrian command line"), ("admin", "officer_signed_out", "1"),
            ("admin", "signed_in", "antrian command line"),
            ("admin", "signed_out", "antrian command line"), ("admin", "officer_added", "officer nia"),
            ("admin", "signed_in", "antrian command line"),
            ("admin", "signed_out", "antrian command line"), ("admin", "site_applied", "site file"),
            ("admin", "signed_in", "antrian command line")]
        assert "Desk CAPA Baru" in siteconfig.export(db)
    finally:
        db.dispose()


def test_set_up_needs_no_as_until_the_first_administrator(db_url: str, tmp_path: Path) -> None:
    bare = tmp_path / "bare.toml"
    bare.write_text('[[services]]\ncode = "A"\nname_id = "Umum"\nname_en = "General"\n', encoding="utf-8")
    ok(run_here("init", "--config", str(bare), db=db_url))
    ok(run_here("officer", "add", "petugas", "--password", "rahasia1", db=db_url))
    ok(run_here("kiosk-pin", "set", "--pin-stdin", db=db_url, stdin="2468\n"))
    ok(run_here("config", "apply", str(bare), db=db_url))
    ok(run_here("officer", "add", "kepala", "--role", "admin", "--password", "kepala12", db=db_url))
    assert error_line(run_here("officer", "add", "lain", "--password", "rahasia1", db=db_url)) == (
        "antrian: error: this needs an administrator: add --as USERNAME")
    assert error_line(run_here("init", "--config", str(bare), db=db_url)) == (
        "antrian: error: this needs an administrator: add --as USERNAME")
    ok(run("init", "--config", str(bare), "--as", "kepala", db=db_url, stdin="kepala12\n"))


def test_help_says_which_secret_is_read() -> None:
    for command in ("config", "officer", "kiosk-pin", "sign-out", "init"):
        text = " ".join(ok((run if command == "config" else run_here)(command, "--help")).split())
        assert "--as USERNAME" in text
        assert "their password is read from the first line of standard input, or asked at a terminal" in text
    assert "the line after the --as password" in " ".join(ok(run_here("kiosk-pin", "--help")).split())
