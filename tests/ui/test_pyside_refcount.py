"""Guards against the PySide6 6.12.0 refcount bug that crashed long-running apps.

That release dropped a reference to ``True`` on every ``Signal.emit`` (and to ``None``
on every ``QTimer.singleShot``); after a few hundred calls the interpreter aborted with
"deallocating True or False". pyproject pins PySide6 below 6.12; this test fails if a
build with the same bug is ever installed.
"""

from __future__ import annotations

import gc
import sys

import pytest
from PySide6.QtCore import QObject, QTimer, Signal

# From Python 3.12 True and None are immortal (PEP 683): their reference count is pinned, so
# a lost reference can no longer be seen nor crash the interpreter, and these checks would pass
# whatever PySide6 does.
pytestmark = pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="True and None are immortal from Python 3.12: refcounts cannot show the bug"
)

# Calls per check; the bug loses one reference per call. Other code frees objects holding
# None meanwhile (a collection of an earlier test's garbage dropped ~1,000 such references),
# so garbage is collected first and N is large beside that noise.
N = 10_000


class _Emitter(QObject):
    fired = Signal(list)


def test_signal_emit_keeps_refcounts(qapp: object) -> None:
    emitter = _Emitter()
    received: list[int] = []
    emitter.fired.connect(lambda items: received.append(len(items)))
    gc.collect()
    before_true, before_none = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(N):
        emitter.fired.emit([1, 2])
    assert received == [2] * N
    # Other code takes and drops references meanwhile; N lost ones is the bug.
    assert sys.getrefcount(True) > before_true - N // 2
    assert sys.getrefcount(None) > before_none - N // 2


def test_single_shot_keeps_refcounts(qtbot: object) -> None:
    gc.collect()
    before = sys.getrefcount(None)
    fired: list[int] = []
    for _ in range(N):
        QTimer.singleShot(0, lambda: fired.append(1))
    qtbot.waitUntil(lambda: len(fired) == N)  # type: ignore[attr-defined]
    assert sys.getrefcount(None) > before - N // 2
