"""The current period's IKM for the lobby board, read on its own coalesced reader.

When the site sets ``display_ikm``, the board's ticker also says e.g. *"Indeks Kepuasan
Masyarakat Semester II 2026: 87,45 (B, Baik)"*: the survey period the site chose
(``survey_period``), the period around today, its IKM and grade (:mod:`db.survey.ikm`).
Nothing is shown while the setting is off or the period has no IKM yet.

The IKM is read neither with the board's snapshot nor on a timer: :class:`IkmReader` reads
it once the feed is connected and after every resync, on a new business day, and a few seconds after the feed
reports a closed survey (``survey``) or another change without events (``data``, which
is also how SQLite reports a survey and how a settings change arrives), on a task runner
of its own, so a call on the board never waits behind it.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QObject, Signal

from db import feed, queue
from db.database import Database
from db.render.numbers import number
from db.survey.ikmcache import IkmCache
from display import texts  # noqa: F401 - registers the board's texts
from ui.backend import Backend
from ui.i18n import tr, translator
from ui.reader import SnapshotReader
from ui.tasks import TaskRunner

log = logging.getLogger("antrian.display.ikm")

#: How long after a survey or settings change the IKM is read again (changes come in bursts:
#: a survey is saved answer by answer).
IKM_DELAY_MS = 5000
_KINDS = frozenset({feed.SURVEY, feed.DATA})


@dataclass(frozen=True)
class IkmLine:
    """What the board says about the IKM, in both languages (plain data, read off the UI thread)."""

    period_id: str
    period_en: str
    index: Decimal
    letter: str
    grade_id: str
    grade_en: str
    respondents: int


def read_ikm_line(db: Database) -> IkmLine | None:
    """The current period's IKM as the board shows it; None when the site hides it or there is none yet."""
    return IkmSource(db)()


class IkmSource:
    """:func:`read_ikm_line` over an :class:`~db.survey.ikmcache.IkmCache`: the IKM is read
    again only when the answers, the plan, the period or the day changed (SQLite's feed
    reports every commit without events as ``data``: a heartbeat too). Called on the
    reader's one worker thread only."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.cache = IkmCache()

    @property
    def computed(self) -> int:
        """Whole IKMs read so far (tests check that a heartbeat reads none)."""
        return self.cache.computed

    def __call__(self) -> IkmLine | None:
        """The line now."""
        if not queue.site_settings(self.db).display_ikm:
            return None
        reading = self.cache.read(self.db)
        result, period = reading.result, reading.period
        if result.index is None or result.grade is None:
            return None
        grade = result.grade
        return IkmLine(period.title("id"), period.title("en"), result.index, grade.letter, grade.name_id,
                       grade.name_en, result.respondents)


def ikm_text(line: IkmLine | None) -> str:
    """The ticker's sentence about the IKM in the current language ("" for none)."""
    if line is None:
        return ""
    language = translator().language
    english = language == "en"
    return tr("board_ikm", period=line.period_en if english else line.period_id,
              value=number(line.index, language, 2), letter=line.letter,
              grade=line.grade_en if english else line.grade_id)


class IkmReader(QObject):
    """Keeps the board's IKM line current; ``changed(IkmLine | None)`` when it differs from before."""

    changed = Signal(object)

    def __init__(self, backend: Backend, parent: QObject | None = None, *, delay_ms: int = IKM_DELAY_MS) -> None:
        super().__init__(parent)
        db = backend.db
        self.live = backend.live
        self.runner = TaskRunner(self)
        self.line: IkmLine | None = None
        self.source = IkmSource(db)
        self.reader: SnapshotReader[IkmLine | None] = SnapshotReader(
            self.runner, self.source, self, what="the IKM", log=log, delay_ms=delay_ms)
        self.reader.loaded.connect(self._loaded)
        self.live.changed.connect(self._on_changed)
        self.live.resync.connect(self.reader.request_now)  # also the first read: the feed resyncs once connected

    def _on_changed(self, changes: Sequence[feed.Change]) -> None:
        if any(change.kind in _KINDS for change in changes):
            self.reader.request()

    def refresh(self) -> None:
        """Read again now (a new business day may start a new period)."""
        self.reader.request_now()

    def _loaded(self, line: IkmLine | None) -> None:
        if line != self.line:
            self.line = line
            log.info("IKM line: %s", f"{line.index} ({line.letter})" if line else "(none)",
                     extra={"event": "board_ikm", "ikm": str(line.index) if line else None})
            self.changed.emit(line)

    def shutdown(self) -> None:
        """Stop reading (the board closes)."""
        self.reader.close()
        for signal, slot in ((self.live.changed, self._on_changed), (self.live.resync, self.reader.request_now)):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)
        self.runner.wait(10_000)
