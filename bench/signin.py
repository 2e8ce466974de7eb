"""Benchmark of signing in, printed as JSON: does the time taken tell which usernames exist?

A wrong password for a real officer and any password for an unknown username are tried
in turn (interleaved, so load on the machine hits both alike), each from a fresh count
(the lockout is lifted between tries). Before the dummy hash an unknown username answered
in about 1.5 ms against 53 ms for a wrong password; now both run one scrypt at the same
cost. ``ratio`` is unknown / wrong (about 1.0 is the goal). Also reported: a right
password (the seat is taken, two short write transactions on top of the scrypt) and the
scrypt cost in use.

    python bench/signin.py                  # 16 rounds at the real cost (N = 2^17), SQLite
    python bench/signin.py --db postgresql+psycopg://u:p@host/db   # an empty database
    python bench/signin.py --quick          # a smoke run (3 rounds; honours ANTRIAN_SCRYPT_N)
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import contextlib  # noqa: E402

from db import access, passwords, queue, siteconfig  # noqa: E402
from db.database import Database  # noqa: E402
from db.errors import AuthError  # noqa: E402


def attempt_ms(db: Database, user: str, password: str) -> float:
    """One sign-in at counter 1, in milliseconds; the user's count is lifted afterwards."""
    start = time.perf_counter()
    with contextlib.suppress(AuthError):
        queue.sign_in(db, 1, user, password, take_over=True)
    spent = (time.perf_counter() - start) * 1000
    access.reset(db, access.officer_subject(user))
    return spent


def measure(db: Database, rounds: int) -> dict[str, object]:
    """Interleaved tries: wrong password, unknown username, right password."""
    times: dict[str, list[float]] = {"wrong_password": [], "unknown_user": [], "right_password": []}
    tries = (("wrong_password", "siti", "salah"), ("unknown_user", "nobody", "salah"), ("right_password", "siti", "siti123"))
    attempt_ms(db, "nobody", "warm-up")
    for i in range(rounds):
        order = tries if i % 2 == 0 else tries[::-1]
        for key, user, password in order:
            times[key].append(attempt_ms(db, user, password))
    medians = {f"{key}_median_ms": round(statistics.median(v), 1) for key, v in times.items()}
    return {
        **medians,
        "ratio_unknown_to_wrong": round(medians["unknown_user_median_ms"] / medians["wrong_password_median_ms"], 3),
        "samples": {key: [round(x, 1) for x in v] for key, v in times.items()},
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one JSON object."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", help="an empty database URL (default: a temporary SQLite file)")
    p.add_argument("--rounds", type=int, default=16)
    p.add_argument("--quick", action="store_true", help="3 rounds")
    args = p.parse_args(argv)
    logging.getLogger("antrian").addHandler(logging.NullHandler())  # no log lines in the JSON output
    rounds = 3 if args.quick else args.rounds
    with tempfile.TemporaryDirectory(prefix="antrian-bench-signin-") as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'signin.db'}"
        db = Database(url)
        try:
            siteconfig.apply(db, siteconfig.load(siteconfig.SAMPLE))
            result = {
                "benchmark": "signin", "backend": db.dialect, "quick": args.quick, "rounds": rounds,
                "scrypt_n": passwords.cost(), **measure(db, rounds),
            }
        finally:
            db.dispose()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
