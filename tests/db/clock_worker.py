"""A kiosk or counter PC whose clock is wrong (run by test_office_clock.py).

    clock_worker.py URL MINUTES_SLOW

The process moves its own clock ``MINUTES_SLOW`` minutes back (``db.clock.system_now``,
the PC's clock every process stamps with unless the office clock says otherwise; no test
clock is installed), prints ``ready`` with that clock's reading, then answers one
command per line on stdin with one JSON line:

    issue CODE       issue a ticket
    call COUNTER     call next at a counter (a visit still open there is closed as done)
    quit             stop
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta


def main(argv: list[str]) -> int:
    url, slow = argv[0], timedelta(minutes=float(argv[1]))
    from db import clock

    clock.system_now = lambda: datetime.now(UTC) - slow  # this PC's clock runs slow
    from db import queue
    from db.database import Database

    db = Database(url, migrate=False)
    queue.queue_snapshot(db)  # connected before the first command
    print(json.dumps({"ready": clock.utcnow().isoformat()}), flush=True)
    for line in sys.stdin:
        command, _, arg = line.strip().partition(" ")
        if command == "issue":
            t = queue.issue_ticket(db, arg).ticket
            print(json.dumps({"label": t.label, "issued_at": t.issued_at.isoformat(),
                              "local": clock.utcnow().isoformat()}), flush=True)
        elif command == "call":
            result = queue.call_next(db, int(arg), close_as="done")
            called = result.ticket
            print(json.dumps({"label": called.label if called else None,
                              "called_at": called.called_at.isoformat() if called and called.called_at else None}),
                  flush=True)
        elif command == "quit":
            break
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
