"""``python -m counter``: start the counter app."""

import sys

from counter.app import main

if __name__ == "__main__":
    sys.exit(main())
