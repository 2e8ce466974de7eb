"""Files only for their owner: folders 0700 and files 0600 on Linux, whatever the umask.

The database holds the password hashes, the logs and ticket PDFs hold visitors' numbers
and names, so nothing Antrian creates is readable by other users of the PC. Modes are
set explicitly after creation (the umask can only take rights away, never guarantee
them). On Windows the user's profile folders are private already; nothing is changed.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
POSIX = os.name == "posix"


def private_dir(path: str | os.PathLike[str]) -> list[Path]:
    """Create ``path`` and any missing parents as 0700 folders; return the folders made.

    Folders that exist already keep their mode: a shared parent such as ``/srv`` is not
    Antrian's to change.
    """
    path = Path(path)
    missing: list[Path] = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    made: list[Path] = []
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR_MODE)
        except FileExistsError:
            continue  # made by another process meanwhile
        made.append(folder)
        if POSIX:
            os.chmod(folder, PRIVATE_DIR_MODE)
    return made


def create_private_file(path: str | os.PathLike[str]) -> bool:
    """Create an empty 0600 file at ``path``; ``False`` if it exists already (left as is)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        return False
    try:
        if POSIX:
            os.fchmod(fd, PRIVATE_FILE_MODE)
    finally:
        os.close(fd)
    return True


def make_private(path: str | os.PathLike[str]) -> None:
    """Set a file Antrian wrote to 0600 (a no-op on Windows)."""
    if POSIX:
        os.chmod(path, PRIVATE_FILE_MODE)


def is_private(path: str | os.PathLike[str]) -> bool:
    """Whether nobody but the owner may read or write ``path`` (always true on Windows)."""
    return not POSIX or (os.stat(path).st_mode & 0o077) == 0
