"""``antrian backup`` and ``antrian restore`` (``db.backup``), kept here so ``db.cli`` stays small."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_backup_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """The ``backup`` and ``restore`` sub-commands."""
    from db.cli import AS_HELP

    sp = sub.add_parser("backup", parents=[common], help="back the database up (safe while the apps run)",
                        description="SQLite: the online backup API; PostgreSQL: pg_dump in custom format.")
    sp.add_argument("--to", metavar="DIR", help="folder for the backup (default: 'backups' beside the database file)")
    sp.add_argument("--keep", type=int, metavar="N", help="then keep only the newest N backups in that folder")
    sp.set_defaults(func=cmd_backup)

    sp = sub.add_parser("restore", parents=[common], help="replace the database with a backup",
                        description="Refused while apps are connected unless --force; the database as it was "
                                    "is backed up first (a file ending in -before-restore).")
    sp.add_argument("file", help="the backup file (.db for SQLite, .dump for PostgreSQL)")
    sp.add_argument("--force", action="store_true", help="restore even though apps are connected")
    sp.add_argument("--as", dest="as_user", metavar="USERNAME", help=AS_HELP.format(who="administrator"))
    sp.set_defaults(func=cmd_restore)


def cmd_backup(args: argparse.Namespace) -> int:
    """Write one backup, then prune to ``--keep``."""
    from db import backup
    from db.cli import _open, _print

    result = backup.backup(_open(args), Path(args.to) if args.to else None, args.keep)
    removed = f"; removed {len(result.removed)} older" if result.removed else ""
    _print({"file": str(result.path), "bytes": result.size, "seconds": round(result.seconds, 3),
            "removed": [str(p) for p in result.removed]}, args.json,
           f"{result.path} written ({result.size / 1e6:.1f} MB in {result.seconds:.1f} s){removed}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Restore a backup as an administrator (checked before anything is replaced)."""
    from db import backup, roles
    from db.cli import _as_password, _open, _print
    from db.errors import AntrianError

    password = _as_password(args)
    db = _open(args)
    if password is None:
        with db.read() as s:
            if roles.has_admin(s):
                raise AntrianError("this needs an administrator: add --as USERNAME")
    else:  # checked now and signed out again: the restored database has sessions of its own
        actor = roles.sign_in(db, args.as_user, password, place="antrian restore")
        roles.sign_out(db, actor)
        if not actor.is_admin:
            raise roles.NotPermitted(f"{actor.username} is not an administrator: a restore needs one")
    result = backup.restore(db, Path(args.file), force=args.force)
    _print({"file": str(result.source), "before_restore": str(result.safety.path)}, args.json,
           f"{db.where} restored from {result.source}; what was there is in {result.safety.path}")
    return 0
