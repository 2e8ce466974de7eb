"""``python -m supervisor``: start the supervisor console."""

import sys

from supervisor.app import main

if __name__ == "__main__":
    sys.exit(main())
