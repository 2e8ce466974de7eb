"""A process that writes the log lines it is given, for the tests of ``appprocess`` itself.

``python -m scripted_app --json-logging ARG...``: each ARG is written to stderr as one line
(a JSON record or plain text), ``sleep=S`` pauses, ``exit=N`` ends with status N; then it
waits for SIGTERM like an app.
"""

from __future__ import annotations

import signal
import sys
import time


def main(args: list[str]) -> int:
    """Write the lines, then wait to be stopped."""
    for arg in args:
        if arg.startswith("sleep="):
            time.sleep(float(arg[6:]))
        elif arg.startswith("exit="):
            return int(arg[5:])
        else:
            print(arg, file=sys.stderr, flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    while True:
        time.sleep(0.05)


if __name__ == "__main__":
    sys.exit(main([a for a in sys.argv[1:] if a != "--json-logging"]))
