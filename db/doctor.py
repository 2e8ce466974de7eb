"""``antrian doctor``: a thorough look at a database, each problem with what to do about it.

Runs what is too slow for every start-up: SQLite's full ``PRAGMA integrity_check``
(reads every page and index, ~13 ms per MB) and ``PRAGMA foreign_key_check``, then the
schema version, every stored setting against its rule, the site data against the site
file's rules (an export must apply again), the file's permissions and, on PostgreSQL,
whether the role may write. It opens the database without changing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import exc, text

from db.database import Database, describe_error
from db.errors import AntrianError, ConfigError, DatabaseDamaged, DatabaseUnavailable, ForeignDatabase

RECOVER = (
    "stop every Antrian app and keep a copy of the damaged file; restore the latest backup, or "
    "save what is readable with  sqlite3 DAMAGED.db '.recover' | sqlite3 recovered.db  , check it with "
    "'antrian doctor --db recovered.db' and point ANTRIAN_DB at it"
)


@dataclass
class Finding:
    """One check's result: ``ok``, what was found, and what to do when it is not ok."""

    check: str
    ok: bool
    message: str
    advice: str = ""


def examine(url: str) -> list[Finding]:
    """Every check on the database at ``url``; stops early only when it cannot be read at all."""
    try:
        db = Database(url, migrate=False, create=False)
    except DatabaseDamaged as e:
        return [Finding("open", False, str(e), RECOVER)]
    except AntrianError as e:
        return [Finding("open", False, str(e), "check --db / ANTRIAN_DB and that the database is reachable")]
    try:
        return _examine(db)
    finally:
        db.dispose()


def _examine(db: Database) -> list[Finding]:
    if db.dialect == "sqlite" and not Path(db.url.database or "").is_file():
        return [Finding("open", False, f"{db.where} does not exist",
                        "check --db / ANTRIAN_DB (and that its folder or share is there), or run 'antrian init'")]
    found = [Finding("open", True, f"opened {db.where}")]
    if db.dialect == "sqlite":
        found.append(_permissions(db))
        integrity = _integrity(db)
        found.append(integrity)
        if not integrity.ok:
            return found  # every further read may fail on the damaged pages
    schema = _schema(db)
    found.append(schema)
    if not schema.ok and "is older" not in schema.message:
        return found  # no Antrian tables to look into (or a newer layout)
    if db.dialect == "sqlite":
        found.append(_foreign_keys(db))
    else:
        found.append(_privileges(db))
    found.append(_settings(db))
    found.append(_site(db))
    return found


def _permissions(db: Database) -> Finding:
    from db.files import is_private

    path = Path(db.url.database or "")
    try:
        private = is_private(path)
    except OSError as e:
        return Finding("permissions", False, f"cannot read the mode of {path}: {e.strerror}")
    if private:
        return Finding("permissions", True, "only the owner may read or write the database file")
    return Finding("permissions", False, f"other users of this PC may read {path} (it holds the password hashes)",
                   f"chmod 600 '{path}'")


def _integrity(db: Database) -> Finding:
    try:
        with db.engine.connect() as conn:
            rows = [line.strip() for r in conn.exec_driver_sql("PRAGMA integrity_check(20)")
                    for line in str(r[0]).splitlines() if line.strip() and not line.startswith("***")]
    except exc.DBAPIError as e:
        return Finding("integrity", False, f"the file is damaged: {describe_error(e)}", RECOVER)
    if rows == ["ok"]:
        return Finding("integrity", True, "every page and index is intact (PRAGMA integrity_check)")
    shown = "; ".join(rows[:3]) + (f"; … ({len(rows)} problems)" if len(rows) > 3 else "")
    return Finding("integrity", False, f"the file is damaged: {shown}", RECOVER)


def _schema(db: Database) -> Finding:
    from db.migrations import HEAD

    try:
        current = db.current_revision()
        if current is None:
            others = db.foreign_tables()
            if others:
                return Finding("schema", False, f"the database belongs to another program (tables {', '.join(others[:5])})",
                               "give Antrian its own database (--db / ANTRIAN_DB)")
            return Finding("schema", False, "no Antrian data yet", "run 'antrian init'")
    except (DatabaseUnavailable, ForeignDatabase) as e:
        return Finding("schema", False, str(e), RECOVER if isinstance(e, DatabaseDamaged) else "")
    if current == HEAD:
        return Finding("schema", True, f"schema {current} (this version's)")
    from alembic.script import ScriptDirectory

    known = {rev.revision for rev in ScriptDirectory.from_config(db._alembic_config()).walk_revisions()}
    if current in known:
        return Finding("schema", False, f"schema {current} is older than this version's {HEAD}",
                       "run 'antrian init' once (it upgrades in place and keeps every ticket)")
    return Finding("schema", False, f"schema {current} was written by a newer Antrian",
                   "upgrade Antrian on this PC before using the database")


def _foreign_keys(db: Database) -> Finding:
    try:
        with db.engine.connect() as conn:
            rows = list(conn.exec_driver_sql("PRAGMA foreign_key_check"))
    except exc.DBAPIError as e:
        return Finding("foreign keys", False, describe_error(e), RECOVER)
    if not rows:
        return Finding("foreign keys", True, "every reference points at an existing row")
    tables = sorted({r[0] for r in rows})
    return Finding("foreign keys", False, f"{len(rows)} rows refer to missing rows (in {', '.join(tables)})",
                   "the file was edited outside Antrian or damaged: " + RECOVER)


def _privileges(db: Database) -> Finding:
    from db.models import Base

    missing = []
    with db.engine.connect() as conn:
        for table in sorted(Base.metadata.tables):
            ok = conn.execute(text("SELECT has_table_privilege(:t, 'SELECT') AND has_table_privilege(:t, 'INSERT') "
                                   "AND has_table_privilege(:t, 'UPDATE')"), {"t": table}).scalar()
            if not ok:
                missing.append(table)
    if not missing:
        return Finding("rights", True, f"the role '{db.url.username}' may read and write every table")
    return Finding("rights", False, f"the role '{db.url.username}' may not write {', '.join(missing[:4])}"
                   + (" …" if len(missing) > 4 else ""),
                   "as the database owner: GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "
                   f"{db.url.username}; GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {db.url.username}")


def _settings(db: Database) -> Finding:
    from sqlalchemy import select

    from db.models import Setting
    from db.settings import coerce

    bad = []
    with db.read() as s:
        for row in s.scalars(select(Setting)):
            try:
                coerce(row.key, row.value)
            except (ValueError, TypeError) as e:
                bad.append(str(e))
    if not bad:
        return Finding("settings", True, "every stored setting is valid")
    return Finding("settings", False, "; ".join(bad[:3]) + (f"; … ({len(bad)} in all)" if len(bad) > 3 else ""),
                   "the default applies meanwhile; set a valid value under [site] in the site file and run "
                   "'antrian config apply FILE'")


def _site(db: Database) -> Finding:
    from db import siteconfig

    try:
        siteconfig.parse(siteconfig.export(db), "the exported site")
    except ConfigError as e:
        return Finding("site data", False, str(e),
                       "correct it in the site file (antrian config export FILE; edit; antrian config apply FILE)")
    return Finding("site data", True, "services, counters and officers follow the site file's rules")


def render(found: list[Finding]) -> str:
    """The report as text: one line per check, the advice under each problem, a summary."""
    lines = []
    for f in found:
        lines.append(f"{'ok' if f.ok else 'PROBLEM':<8} {f.check}: {f.message}")
        if not f.ok and f.advice:
            lines.append(f"{'':<8} what to do: {f.advice}")
    problems = sum(not f.ok for f in found)
    lines.append("no problems found" if not problems else f"{problems} problem{'s' if problems > 1 else ''} found")
    return "\n".join(lines)
