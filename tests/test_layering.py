"""Dependencies only point down: kiosk|counter|display -> ui -> db.

- ``db`` never imports Qt (PySide6), nor ``ui`` or an app;
- ``ui`` imports no app;
- no app imports another app.

Checked statically (every import statement of every ``.py`` file, relative imports
resolved, including imports inside functions) and, for ``db``, dynamically: importing
every module of ``db`` in a fresh interpreter loads no PySide6 module. Packages that do
not exist yet pass; they are checked as soon as they appear.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("kiosk", "counter", "display", "supervisor", "survey")

# package -> top-level names it must never import
FORBIDDEN: dict[str, set[str]] = {
    "db": {"PySide6", "shiboken6", "ui", *APPS},
    "ui": set(APPS),
    **{app: set(APPS) - {app} for app in APPS},
}


def module_name(root: Path, path: Path) -> str:
    """``root/pkg/sub/mod.py`` -> ``pkg.sub.mod`` (``__init__.py`` -> the package)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, module: str) -> list[tuple[str, int]]:
    """Every module an import statement in ``path`` names, absolute, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((target, node.lineno))
            # "from . import counter" inside a top-level package names a module too
            if node.level and not node.module:
                found += [(f"{target}.{alias.name}".lstrip("."), node.lineno) for alias in node.names]
    return found


def violations(root: Path, forbidden: dict[str, set[str]] = FORBIDDEN) -> list[str]:
    """Every import that breaks the layering under ``root``, as ``file:line: pkg imports X``."""
    found = []
    for package, banned in forbidden.items():
        pkg_dir = root / package
        if not pkg_dir.is_dir():
            continue  # not written yet
        for path in sorted(pkg_dir.rglob("*.py")):
            module = module_name(root, path)
            for target, line in imported_modules(path, module):
                top = target.split(".")[0]
                if top in banned:
                    found.append(f"{path.relative_to(root)}:{line}: {package} imports {target}")
    return found


def test_layering_of_the_project() -> None:
    assert violations(ROOT) == []


def test_db_loads_no_qt_at_runtime() -> None:
    """Import every module of db in a fresh interpreter: PySide6 must not be among sys.modules."""
    code = """
import importlib, pkgutil, sys
import db
names = []
for info in pkgutil.walk_packages(db.__path__, "db."):
    if info.name.endswith(("__main__", "migrations.env")):
        continue  # run the CLI / need Alembic's context: not importable as plain modules
    importlib.import_module(info.name)
    names.append(info.name)
for must in ("db.queue", "db.cli", "db.database", "db.siteconfig"):
    assert must in names, must
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
print(len(names), qt)
assert not qt, qt
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    count, qt = result.stdout.split(" ", 1)
    assert int(count) >= 8 and qt.strip() == "[]"


def test_cli_help_loads_no_qt() -> None:
    code = "import sys; from db.cli import build_parser; build_parser().format_help(); print('PySide6' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


# -- the checker catches what it should --------------------------------------------------------------


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_checker_passes_missing_and_empty_packages(tmp_path: Path) -> None:
    _tree(tmp_path, {"db/__init__.py": "", "ui/__init__.py": "", "kiosk/__init__.py": ""})
    assert violations(tmp_path) == []
    assert violations(tmp_path / "nowhere") == []


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"db/feed.py": "from PySide6.QtCore import QObject\n"}, "db/feed.py:1: db imports PySide6.QtCore"),
        ({"db/x.py": "def f():\n    import PySide6\n"}, "db/x.py:2: db imports PySide6"),
        ({"db/x.py": "import ui.live\n"}, "db/x.py:1: db imports ui.live"),
        ({"ui/app.py": "from counter.window import CounterWindow\n"}, "ui/app.py:1: ui imports counter.window"),
        ({"kiosk/main.py": "import display.board as b\n"}, "kiosk/main.py:1: kiosk imports display.board"),
        ({"counter/sub/w.py": "from ...display import board\n"}, "counter/sub/w.py:1: counter imports display"),
        ({"display/__init__.py": "from .. import kiosk\n"}, "display/__init__.py:1: display imports kiosk"),
    ],
)
def test_checker_catches_violations(tmp_path: Path, files: dict[str, str], expected: str) -> None:
    _tree(tmp_path, files)
    assert violations(tmp_path) == [expected]


def test_checker_allows_the_right_direction(tmp_path: Path) -> None:
    _tree(tmp_path, {
        "db/queue.py": "from db.models import Ticket\nfrom .errors import NotFound\nimport sqlalchemy\n",
        "ui/live.py": "from PySide6.QtCore import QObject\nfrom db.feed import ChangeFeed\n",
        "kiosk/window.py": "from ui.app import start\nfrom db import queue\nfrom .ticket_pdf import render\n",
        "counter/window.py": "from counter.reports import export\nfrom . import reports\n",
        "display/board.py": "import ui.theme\n",
    })
    assert violations(tmp_path) == []
