"""``python -m survey``: start the survey screen of a counter."""

import sys

from survey.app import main

if __name__ == "__main__":
    sys.exit(main())
