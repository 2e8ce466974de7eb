"""``python -m kiosk``: start the touchscreen kiosk."""

import sys

from kiosk.app import main

sys.exit(main())
