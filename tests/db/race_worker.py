"""One process of a multi-process race (run by test_races.py as ``python race_worker.py ...``).

The process gets ready (imports, opens the database, connects), prints ``ready`` and
waits for a line on stdin: the test releases every process at once, so they really
collide. It then does its work and prints one JSON line with what it got.

    race_worker.py issue URL NOW SERVICE COUNT   issue COUNT tickets
    race_worker.py call  URL NOW COUNTER         call next until nobody waits
    race_worker.py open  URL                     open (and create) the database
"""

from __future__ import annotations

import json
import sys
from datetime import datetime


def main(argv: list[str]) -> int:
    mode, url = argv[0], argv[1]
    if mode != "open":
        from db.clock import FakeClock, set_clock

        # every process sees the same business day, whenever the test runs
        set_clock(FakeClock(datetime.fromisoformat(argv[2])))
    from db import queue
    from db.database import Database

    db = Database(url, migrate=False) if mode != "open" else None
    if db is not None:
        queue.queue_snapshot(db)  # connected and warm before the start
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        return 3

    if mode == "issue":
        assert db is not None
        got = []
        for _ in range(int(argv[4])):
            t = queue.issue_ticket(db, argv[3]).ticket
            got.append([t.id, t.seq, t.label])
        print(json.dumps({"issued": got}), flush=True)
    elif mode == "call":
        assert db is not None
        number, called, finished = int(argv[3]), [], []
        while True:
            result = queue.call_next(db, number, close_as="done")  # each visitor served as soon as called
            if result.finished is not None:
                finished.append(result.finished.id)
            if result.ticket is None:
                break
            assert result.ticket.counter_number == number and result.ticket.status == "called"
            called.append(result.ticket.id)
        print(json.dumps({"called": called, "finished": finished}), flush=True)
    elif mode == "open":
        opened = Database(url)
        print(json.dumps({"revision": opened.current_revision()}), flush=True)
        opened.dispose()
    if db is not None:
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
