"""``python -m display``: start the lobby board (see :mod:`display.app`)."""

from __future__ import annotations

import sys

from display.app import main

if __name__ == "__main__":
    sys.exit(main())
