"""Issue 17 (input): URLs with '%', ranges and lengths, only init creates, no tracebacks,
damaged and foreign databases, export round-trips, files only for their owner.

The command line runs as real processes against real SQLite files and the throwaway
PostgreSQL cluster.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import text

from db import queue, siteconfig, validation
from db.database import Database, mask_url
from db.errors import ConfigError, DatabaseDamaged, ForeignDatabase
from db.settings import DEFAULTS, RULES, coerce
from tests.db.dbtools import apply_site, set_setting
from tests.db.test_cli import error_line, run_here

ANTRIAN = Path(sys.executable).with_name("antrian")


def run(*args: str, db: str | None = None, env: dict[str, str] | None = None,
        stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``antrian ARGS`` as a process, ``ANTRIAN_DB=db``, never at a terminal (``stdin`` piped in)."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("ANTRIAN_DB", "ANTRIAN_DEBUG")}
    if db is not None:
        full_env["ANTRIAN_DB"] = db
    full_env.update(env or {})
    return subprocess.run([str(ANTRIAN), *args], env=full_env, input=stdin, capture_output=True, text=True)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- 1. database URLs with '%' and passwords --------------------------------------------------


@pytest.mark.parametrize("name", ["kantor #1.db", "50% done.db", "C%3A%5CUsers.db", "a?b.db"])
def test_sqlite_paths_with_url_characters(tmp_path: Path, name: str) -> None:
    """Before: configparser's "invalid interpolation syntax" traceback and a 4 KB stub file."""
    path = tmp_path / "data" / name
    # As real processes for one name; the command's ``main`` in this process for the others.
    command: Callable[..., subprocess.CompletedProcess[str]] = run if name == "kantor #1.db" else run_here
    ok(command("init", db=str(path)))
    sidecars = ("-wal", "-shm", "-writers")  # SQLite's own, and the writers' turn (db.database)
    assert path.is_file() and sorted(p.name for p in path.parent.iterdir() if not p.name.endswith(sidecars)) == [name]
    assert ok(command("status", db=str(path))).startswith("Direktorat Pengawasan Produksi Obat")
    # the change feed and the apps open the existing file through an SQLite URI: the same path
    from db.feed import ChangeFeed

    feed = ChangeFeed(Database(str(path), create=False))
    feed.open()
    assert feed.connected
    feed.close()


@pytest.mark.postgres
def test_postgres_password_with_percent_and_at(pg_cluster, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A password that needs %-encoding in the URL: init works, a wrong one never prints it."""
    secret = "p@ss%w0rd#1"
    pg_cluster.execute(f"CREATE ROLE weird LOGIN PASSWORD '{secret}'")
    name = pg_cluster.create_database()
    pg_cluster.execute(f'ALTER DATABASE "{name}" OWNER TO weird')
    pg_cluster.execute("GRANT ALL ON SCHEMA public TO weird", dbname=name)
    url = f"postgresql://weird:{quote(secret, safe='')}@{pg_cluster.host}:{pg_cluster.port}/{name}"
    ok(run("init", db=url))
    assert "Desk CAPA" in ok(run_here("status", db=url))
    wrong = f"postgresql://weird:{quote('s3cr%t!', safe='')}@{pg_cluster.host}:{pg_cluster.port}/{name}"
    line = error_line(run("status", db=wrong))
    assert "password authentication failed" in line
    for shown in (secret, quote(secret, safe=""), "s3cr", quote("s3cr%t!", safe="")):
        assert shown not in line


def test_passwords_are_masked_everywhere() -> None:
    assert mask_url("cannot open postgresql+psycopg://u:p%40ss@h:5432/db now") == \
        "cannot open postgresql+psycopg://u:***@h:5432/db now"
    assert mask_url("postgresql://u:p@ss@h/db") == "postgresql://u:***@h/db"
    assert mask_url("host=h password=geheim user=u") == "host=h password=*** user=u"
    assert mask_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"
    for url in ("postgresql://u:topsecret@host:notaport/db", "postgresql:/u:topsecret@h",
                "postgresql://u:topsecret@127.0.0.1:1/db", "mysql+foo://u:topsecret@h/db"):
        line = error_line((run if url.endswith(":notaport/db") else run_here)("status", db=url))
        assert "topsecret" not in line, line
    assert "topsecret" not in repr(Database("postgresql://u:topsecret@127.0.0.1:1/db", migrate=False))


# -- 2. ranges and lengths -------------------------------------------------------------------------


def test_every_setting_has_a_rule_its_default_passes() -> None:
    assert set(RULES) == set(DEFAULTS)
    for key, value in DEFAULTS.items():
        if key == "kiosk_pin":
            continue
        assert coerce(key, value) == value, key


INT_SETTINGS = [k for k, r in RULES.items() if isinstance(r, validation.Whole)]


@pytest.mark.parametrize("key", INT_SETTINGS)
def test_integer_settings_refuse_out_of_range(key: str) -> None:
    rule = RULES[key]
    for bad in (rule.low - 1, rule.high + 1, -1, 2**31, 2**63):
        with pytest.raises(ValueError, match=f"setting '{key}' must be at"):
            coerce(key, bad)
    assert coerce(key, rule.low) == rule.low and coerce(key, rule.high) == rule.high


@pytest.mark.parametrize(("key", "value", "message"), [
    ("average_window", -1, "at least 1"),
    ("recent_calls", -1, "at least 1"),
    ("ticket_width_mm", 70, "one of 80, 58"),
    ("language", "fr", "one of id, en"),
    ("announcement_languages", [], "one or more"),
    ("announcement_languages", ["id", "id"], "each once"),
    ("announcement_template_id", "Nomor {nomor}", "unknown field {nomor}"),
    ("announcement_template_en", "Number {number", "not a valid template"),
    ("site_name", "x" * 121, "at most 120 characters"),
    ("site_name", "Kantor\x00", "control characters"),
    ("ticker", "a" * 1001, "at most 1000"),
])
def test_site_file_refuses_bad_settings(key: str, value: object, message: str) -> None:
    from db.siteconfig import _toml

    with pytest.raises(ConfigError, match=f"site.{key}: .*{message}"):
        siteconfig.parse(f"[site]\n{key} = {_toml(value)}\n", "site.toml")


def test_stored_bad_settings_fall_back_to_defaults(db: Database) -> None:
    """Before: PostgreSQL "LIMIT must not be negative" took the kiosk and display down."""
    set_setting(db, "average_window", -1)
    set_setting(db, "recent_calls", -1)
    issued = queue.issue_ticket(db, "A")
    assert issued.ticket.label == "A-001"
    snap = queue.queue_snapshot(db)
    assert snap.settings.average_window == DEFAULTS["average_window"]
    assert snap.settings.recent_calls == DEFAULTS["recent_calls"]
    # the exported file stays applicable: the bad values are commented out
    exported = siteconfig.export(db)
    assert "# average_window: the stored value is not valid" in exported
    apply_site(db, siteconfig.parse(exported))


def test_status_with_bad_stored_settings(site_db_url: str) -> None:
    db = Database(site_db_url)
    set_setting(db, "recent_calls", -1)
    db.dispose()
    assert "Last calls:" in ok(run("status", db=site_db_url))


@pytest.mark.parametrize("number", ["2147483648", str(2**63), str(2**64 + 5), "0", "-1"])
def test_counter_out_of_range_is_one_line(site_db_url: str, number: str) -> None:
    """Before: SQLite "OverflowError: Python int too large" traceback (≥ 2^63). Each value is
    refused by the command's ``main`` in this process; the first also by a real process."""
    line = error_line(run_here("call-next", "--counter", number, db=site_db_url))
    assert line.startswith("antrian: error: the counter number must be at")
    if number == "2147483648":
        assert error_line(run("call-next", "--counter", number, db=site_db_url)) == line


def test_counter_app_refuses_bad_counter_in_one_line(tmp_path: Path) -> None:
    """The counter app refuses the number before it opens any database: once, not per database,
    as a real process (the other numbers it refuses: ``tests/counter/test_counter_cli.py``)."""
    never_made = f"sqlite:///{tmp_path / 'never-made.db'}"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ANTRIAN_DB": never_made}
    result = subprocess.run([sys.executable, "-m", "counter", "--counter", "2147483648"], env=env, input="",
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert not (tmp_path / "never-made.db").exists()
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert errors == [errors[0]] and errors[0].startswith("antrian counter: error: argument --counter: the counter number")


@pytest.mark.parametrize(("field", "value", "message"), [
    ("name_id", "N" * 121, "at most 120 characters"),
    ("description_en", "D" * 401, "at most 400 characters"),
    ("daily_quota", 2**31, "at most 100000"),
    ("target_wait_min", 2**63, "at most 1440"),
])
def test_site_file_refuses_long_text_and_big_numbers(field: str, value: object, message: str) -> None:
    from db.siteconfig import _toml

    svc = {"code": "A", "name_id": "Desk", "name_en": "Desk", field: value}
    body = "[[services]]\n" + "".join(f"{k} = {_toml(v)}\n" for k, v in svc.items())
    with pytest.raises(ConfigError, match=rf"services\[0\]\.{field}: .*{message}"):
        siteconfig.parse(body, "site.toml")
    good = '[[services]]\ncode = "A"\nname_id = "Desk"\nname_en = "Desk"\n'
    for number in (2**31, 2**63 - 1):
        with pytest.raises(ConfigError, match=r"counters\[0\]\.number: must be at most 2147483647"):
            siteconfig.parse(good + f'[[counters]]\nnumber = {number}\nservices = ["A"]\n', "site.toml")


@pytest.mark.parametrize(("args", "message"), [
    (("officer", "add", ""), "the username must be 2-60"),
    (("officer", "add", "bad user"), "the username must be 2-60"),
    (("officer", "add", "x" * 61), "the username must be 2-60"),
    (("officer", "add", "nia", "--name", "N" * 121), "the display name must have at most 120"),
    (("officer", "add", "nia", "--name", "Nia\x1b[31m"), "control characters"),
    (("officer", "add", "nia", "--password", "abc"), "at least 4"),
])
def test_officer_add_follows_the_site_file_rules(site_db_url: str, args: tuple[str, ...], message: str) -> None:
    """Before: "" and "bad user" were stored, and the export then failed to apply. Each is
    refused by the command's ``main`` in this process; the first also by a real process."""
    if "--password" not in args:
        args = (*args, "--password", "rahasia1")
    line = error_line(run_here(*args, db=site_db_url))
    assert message in line
    if args[2] == "":
        assert error_line(run(*args, db=site_db_url)) == line
    db = Database(site_db_url)
    assert "nia" not in siteconfig.export(db)
    siteconfig.parse(siteconfig.export(db))  # still a file apply accepts
    db.dispose()


def test_database_refuses_what_the_rules_missed_in_one_line(site_db_url: str) -> None:
    """Belt and braces: a value the database itself refuses is one line without SQL parameters."""
    if not site_db_url.startswith("postgresql"):
        pytest.skip("SQLite stores any length; the rules above are what keeps it out")
    db = Database(site_db_url)
    from db.errors import AntrianError
    from db.models import Officer

    with pytest.raises(AntrianError, match="the database refused a value .*too long") as info, db.write() as s:
        s.add(Officer(username="u" * 70, display_name="x", password_hash="secret-hash", role="officer"))
    assert "secret-hash" not in str(info.value)
    db.dispose()


# -- 3. only init creates a database ------------------------------------------------------------


@pytest.mark.parametrize("args", [("status",), ("issue", "A"), ("call-next", "--counter", "1"),
                                  ("config", "export"), ("officer", "passwd", "siti", "--password", "abcd"),
                                  ("doctor",)])
def test_only_init_creates_a_database(tmp_path: Path, args: tuple[str, ...]) -> None:
    """Before: ``antrian status --db /typo/dir/x.db`` made the folders and an empty database."""
    path = tmp_path / "typo" / "dir" / "x.db"
    # A real process for the first and the doctor; the command's ``main`` in this process for the others.
    result = (run if args in (("status",), ("doctor",)) else run_here)(*args, db=str(path))
    if args == ("doctor",):
        assert result.returncode == 1 and "does not exist" in result.stdout
    else:
        assert "does not exist" in error_line(result)
    assert not (tmp_path / "typo").exists()


def test_an_empty_database_is_not_initialised_by_other_commands(db_url: str) -> None:
    if db_url.startswith("sqlite"):
        Path(db_url.removeprefix("sqlite:///")).touch()  # an empty file is an empty database
    line = error_line(run("status", db=db_url))
    assert "holds no Antrian data yet: create it with 'antrian init'" in line
    ok(run_here("init", db=db_url))
    assert "Desk CAPA" in ok(run_here("status", db=db_url))


def test_failed_init_leaves_no_stub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: a failed ``init`` left a 4 KB file that later passed for a database."""
    bad = tmp_path / "bad.toml"
    bad.write_text("[site]\nrecent_calls = -1\n")
    path = tmp_path / "new" / "antrian.db"
    assert "recent_calls" in error_line(run("init", "--config", str(bad), db=str(path)))
    assert not path.exists()  # the site file is checked before the database is made

    def fail(self: Database) -> None:
        with self.engine.begin() as conn:  # the file is really written to, then the step fails
            conn.execute(text("CREATE TABLE half_done (x INTEGER)"))
        raise ForeignDatabase("the preparation failed half-way")

    monkeypatch.setattr(Database, "ensure_schema", fail)
    with pytest.raises(ForeignDatabase):
        Database(str(path))
    assert not (tmp_path / "new").exists()


# -- 4. no tracebacks: damaged, foreign, read-only -----------------------------------------------


def _damage_middle_page(path: Path) -> None:
    """Overwrite most of a page in the middle of the file with garbage (a real corruption)."""
    page = sqlite3.connect(path).execute("PRAGMA page_size").fetchone()[0]
    pages = path.stat().st_size // page
    with open(path, "r+b") as f:
        f.seek((pages // 2) * page + 8)
        f.write(bytes((i * 37 + 11) % 256 for i in range(page - 16)))


def _big_site(tmp_path: Path) -> Path:
    """A real Antrian database with many tickets, so the middle page is ticket data."""
    path = tmp_path / "site.db"
    ok(run_here("init", db=str(path)))
    db = Database(str(path), create=False)
    with db.write() as s:
        sid = s.execute(text("SELECT id FROM services WHERE code = 'A'")).scalar()
        for i in range(1, 1500):
            s.execute(text("INSERT INTO tickets (service_id, day, seq, label, status, priority, issued_at, queue_time, "
                           "recall_count, source) VALUES (:s, '2026-01-01', :n, :l, 'done', 0, '2026-01-01 01:00:00', "
                           "'2026-01-01 01:00:00', 0, 'kiosk')"), {"s": sid, "n": i, "l": f"A-{i:03d}"})
    db.dispose()
    sqlite3.connect(path).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    return path


def test_damaged_sqlite_page_is_found_before_writing(tmp_path: Path) -> None:
    path = _big_site(tmp_path)
    assert "no problems found" in ok(run_here("doctor", db=str(path)))
    _damage_middle_page(path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    for args in (("status",), ("issue", "A"), ("config", "apply", str(siteconfig.SAMPLE))):
        line = error_line((run if args == ("issue", "A") else run_here)(*args, db=str(path)))
        assert "is damaged" in line and "antrian doctor" in line, line
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # nothing was written
    result = run("doctor", db=str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "PROBLEM  integrity: the file is damaged" in result.stdout
    assert ".recover" in result.stdout
    with pytest.raises(DatabaseDamaged):
        Database(str(path), create=False)


def test_file_of_another_kind_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "photo.db"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(5000))
    assert "is not a database file" in error_line(run("status", db=str(path)))
    assert "is not a database file" in error_line(run_here("init", db=str(path)))
    assert path.read_bytes()[:4] == b"\x89PNG"


def test_database_of_another_program_is_left_alone(db_url: str) -> None:
    """Before: Antrian's tables were created beside the other program's."""
    from sqlalchemy import create_engine

    engine = create_engine(Database(db_url, migrate=False).url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount INTEGER)"))
    for args in (("init",), ("status",), ("config", "apply", str(siteconfig.SAMPLE))):
        line = error_line((run if args == ("init",) else run_here)(*args, db=db_url))
        assert "belongs to another program (it holds tables such as invoices)" in line
    with engine.connect() as conn:
        from sqlalchemy import inspect

        assert inspect(conn).get_table_names() == ["invoices"]
    engine.dispose()
    with pytest.raises(ForeignDatabase):
        Database(db_url)


@pytest.mark.postgres
def test_role_without_write_rights_is_one_line(pg_cluster, pg_site_url: str) -> None:  # type: ignore[no-untyped-def]
    name = pg_site_url.rsplit("/", 1)[1]
    pg_cluster.execute("DO $$ BEGIN CREATE ROLE reader LOGIN PASSWORD 'lihat-saja'; "
                       "EXCEPTION WHEN duplicate_object THEN NULL; END $$")
    pg_cluster.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader", dbname=name)
    url = f"postgresql://reader:lihat-saja@{pg_cluster.host}:{pg_cluster.port}/{name}"
    assert "Desk CAPA" in ok(run_here("status", db=url))
    for args in (("issue", "A"), ("officer", "add", "nia", "--password", "rahasia1", "--as", "admin"),
                 ("config", "apply", str(siteconfig.SAMPLE), "--as", "admin")):
        line = error_line((run if args == ("issue", "A") else run_here)(*args, db=url, stdin="admin123\n"))
        assert "the database user 'reader' may not change" in line and "permission denied" in line, line
        assert "lihat-saja" not in line
    result = run("doctor", db=url)
    assert result.returncode == 1 and "PROBLEM  rights: the role 'reader' may not write" in result.stdout


def test_unexpected_errors_are_one_line_too(site_db_url: str, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "folder" / "site.toml"
    line = error_line(run("config", "export", str(target), db=site_db_url))
    assert "No such file or directory" in line


# -- 5. export round-trips -------------------------------------------------------------------------


def test_export_escapes_control_characters(db: Database) -> None:
    """Rows written before the rules (raw control characters) still export as valid TOML."""
    with db.write() as s:
        s.execute(text("UPDATE services SET description_id = :d WHERE code = 'A'"), {"d": "a\tb\nc\x01d\x7fe\"\\"})
    data = tomllib.loads(siteconfig.export(db))
    assert data["services"][0]["description_id"] == "a\tb\nc\x01d\x7fe\"\\"


# -- 8. files only for their owner -----------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_new_database_is_private(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        shared = tmp_path / "shared"
        shared.mkdir()
        shared.chmod(0o755)
        path = shared / "office" / "data" / "antrian.db"
        db = Database(str(path))
        apply_site(db, siteconfig.load(siteconfig.SAMPLE))
        with db.write() as s:  # keep the WAL and the shared-memory file around
            s.execute(text("UPDATE settings SET value = value"))
        wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
        assert wal.exists() and shm.exists()
        for f in (path, wal, shm):
            assert mode(f) == 0o600, (f, oct(mode(f)))
        for d in (path.parent, path.parent.parent):
            assert mode(d) == 0o700, (d, oct(mode(d)))
        assert mode(shared) == 0o755  # an existing folder is not Antrian's to change
        db.dispose()
    finally:
        os.umask(old)


def test_pause_reason_length_is_checked_before_the_write(db: Database) -> None:
    """PostgreSQL refused a reason over 200 characters with a traceback; SQLite stored it."""
    with pytest.raises(validation.InvalidValue, match="the pause reason must have at most 200 characters"):
        queue.pause_counter(db, 1, "r" * 201)
    with db.read() as s:
        assert s.execute(text("SELECT paused FROM counters WHERE number = 1")).scalar() in (False, 0)


def test_doctor_on_a_healthy_database(site_db_url: str) -> None:
    import json

    if site_db_url.startswith("sqlite"):
        path = Path(site_db_url.removeprefix("sqlite:///"))
        path.chmod(0o644)  # as an older Antrian (or a copy) left it
        result = run_here("doctor", db=site_db_url)
        assert result.returncode == 1
        assert f"PROBLEM  permissions: other users of this PC may read {path}" in result.stdout
        assert f"what to do: chmod 600 '{path}'" in result.stdout
        path.chmod(0o600)
    out = ok(run("doctor", db=site_db_url))
    assert out.splitlines()[-1] == "no problems found"
    checks = [f["check"] for f in json.loads(ok(run_here("doctor", "--json", db=site_db_url)))]
    if site_db_url.startswith("sqlite"):
        assert checks == ["open", "permissions", "integrity", "schema", "foreign keys", "settings", "site data"]
    else:
        assert checks == ["open", "schema", "rights", "settings", "site data"]
    from sqlalchemy.engine import make_url

    password = make_url(site_db_url).password
    assert not password or password not in out  # "opened the database postgresql+psycopg://antrian:***@…"


def test_doctor_names_an_older_schema_and_invalid_site_data(site_db_url: str) -> None:
    db = Database(site_db_url)
    with db.write() as s:  # written before the rules existed
        s.execute(text("UPDATE officers SET username = 'bad user' WHERE username = 'siti'"))
        s.execute(text("UPDATE alembic_version SET version_num = '0002'"))
    db.dispose()
    if site_db_url.startswith("sqlite"):
        Path(site_db_url.removeprefix("sqlite:///")).chmod(0o600)
    result = run("doctor", db=site_db_url)
    assert result.returncode == 1, result.stdout
    assert "PROBLEM  schema: schema 0002 is older than this version's" in result.stdout
    assert "PROBLEM  site data:" in result.stdout and "username" in result.stdout
