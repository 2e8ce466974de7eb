"""Where the self-contained bundle (``scripts/build-bundle.sh``, PyInstaller) keeps its own
files: the DejaVu fonts the ticket and the screens use, so a PC without them (Windows) looks
and prints the same. Outside a bundle there is no such folder and the system's fonts serve."""

from __future__ import annotations

import sys
from pathlib import Path


def bundle_dir() -> Path | None:
    """The bundle's data folder when running from the bundle, else None."""
    base = getattr(sys, "_MEIPASS", None) if getattr(sys, "frozen", False) else None
    return Path(base) if base else None


def fonts_dir() -> Path | None:
    """The bundle's ``fonts`` folder, if it has one."""
    base = bundle_dir()
    return base / "fonts" if base is not None and (base / "fonts").is_dir() else None
