"""``python -m db`` runs the ``antrian`` command line."""

import sys

from db.cli import main

sys.exit(main())
