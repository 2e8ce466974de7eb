"""The entry point of the self-contained bundle (``scripts/build-bundle.sh``).

``antrian …`` runs the command line; ``antrian -m kiosk …`` runs that module as
``python -m kiosk …`` would. Every place that starts an app as its own process
(``antrian kiosk``, the demo, autostart units) runs ``sys.executable -m APP``, which in
the bundle is this executable, so the same code works from a checkout and from the bundle.
"""

from __future__ import annotations

import runpy
import sys


def main() -> int:
    """Run the command line, or a module given as ``-m NAME``."""
    if len(sys.argv) > 2 and sys.argv[1] == "-m":
        module = sys.argv[2]
        sys.argv = [sys.argv[0], *sys.argv[3:]]
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        return 0
    from db.cli import main as cli

    return cli()


if __name__ == "__main__":
    sys.exit(main())
