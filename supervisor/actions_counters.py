""""Loket": every counter with its officer and state; pause or resume it, sign its officer out.

Rows come from the floor (:func:`db.floor.read_floor`) the page reads on every change;
a row is kept and updated in place, so a refresh never moves the button under a finger.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from db import supervise
from db.floor import CounterFloor
from supervisor.actions_base import ERROR, Actions, AskingSection, RowList, big_button, section_layout
from supervisor.actions_dialogs import ChoiceDialog, ConfirmDialog
from supervisor.actions_texts import TEXTS
from ui.i18n import retranslate_on_switch, tr
from ui.theme import ACCENT, INK, MUTED, OK, WARNING

PAUSE_REASONS = ("supervisor.actions.counters.reason.break", "supervisor.actions.counters.reason.prayer",
                 "supervisor.actions.counters.reason.meeting")
STATE_COLOURS = {"closed": MUTED, "idle": INK, "called": ACCENT, "serving": OK, "paused": WARNING}


def state_text(c: CounterFloor) -> str:
    """``Melayani A-004``, ``Istirahat: Salat``, ``Kosong``… in the current language."""
    if c.state == "paused":
        return (tr("supervisor.actions.counters.state.paused_reason", reason=c.pause_reason) if c.pause_reason
                else tr("supervisor.actions.counters.state.paused"))
    if c.state in ("called", "serving"):
        return tr(f"supervisor.actions.counters.state.{c.state}", label=c.ticket_label or "")
    return tr(f"supervisor.actions.counters.state.{c.state}") if c.state in STATE_COLOURS else c.state


class CounterRow(QFrame):
    """One counter: name, officer, state, and its buttons."""

    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = number
        self.counter: CounterFloor | None = None
        self.setObjectName(f"counterRow{number}")
        self.setStyleSheet(f"QFrame#counterRow{number} {{ border-bottom: 1px solid #e3e8ef; }}")
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 8, 4, 8)
        row.setSpacing(14)
        self.name = QLabel()
        self.name.setStyleSheet(f"font-size: 16pt; font-weight: bold; color: {INK};")
        self.name.setMinimumWidth(190)
        self.officer = QLabel()
        self.officer.setStyleSheet(f"font-size: 14pt; color: {INK};")
        self.officer.setMinimumWidth(220)
        self.state = QLabel()
        self.state.setObjectName("counterState")
        self.state.setWordWrap(True)
        self.pause_button = big_button("pauseButton")
        self.pause_button.setMinimumWidth(170)
        self.sign_out_button = big_button("signOutButton", danger=True)
        row.addWidget(self.name)
        row.addWidget(self.officer)
        row.addWidget(self.state, 1)
        row.addWidget(self.pause_button)
        row.addWidget(self.sign_out_button)

    def show_counter(self, c: CounterFloor, busy: bool) -> None:
        """Show ``c``; enable the buttons that fit its state."""
        self.counter = c
        title = tr("supervisor.actions.counters.name", n=c.number)
        plain = {t.format(n=c.number) for t in TEXTS["supervisor.actions.counters.name"].values()}
        two_lines = bool(c.name) and c.name not in plain  # a name of its own, not just "Loket 2"
        self.name.setText(f"{title}\n{c.name}" if two_lines else title)
        self.name.setStyleSheet(f"font-size: {13 if two_lines else 16}pt; font-weight: bold;"
                                f" color: {INK if c.active else MUTED};")
        self.officer.setText(c.officer or tr("supervisor.actions.counters.nobody"))
        self.officer.setStyleSheet(f"font-size: 14pt; color: {INK if c.officer else MUTED};")
        state = state_text(c)
        if not c.active:
            state = f"{state} ({tr('supervisor.actions.counters.inactive')})"
        self.state.setText(state)
        colour = STATE_COLOURS.get(c.state, INK)
        self.state.setStyleSheet(f"font-size: 14pt; font-weight: bold; color: {colour};")
        paused = c.state == "paused"
        self.pause_button.setText(tr("supervisor.actions.counters.resume" if paused else "supervisor.actions.counters.pause"))
        self.pause_button.setEnabled(not busy and c.state in ("idle", "paused"))
        self.sign_out_button.setText(tr("supervisor.actions.counters.sign_out"))
        self.sign_out_button.setEnabled(not busy and c.officer is not None)


class CountersSection(AskingSection):
    """Every counter, one row each, with Jeda/Lanjutkan and Keluarkan petugas.

    ``dialog_opened(dialog)`` tells the page (and tests) which question is open.
    """

    def __init__(self, actions: Actions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("countersSection")
        self.acting = actions
        self.counters: tuple[CounterFloor, ...] = ()
        self.rows: dict[int, CounterRow] = {}
        root, self.heading = section_layout(self, "countersHeading")
        box = RowList("countersHolder")
        self.list, self.scroller, self.list_layout, self.empty = box, box.scroller, box.list_layout, box.empty
        root.addWidget(box, 1)
        actions.busy_changed.connect(lambda _busy: self._show())
        retranslate_on_switch(self)

    def show_counters(self, counters: tuple[CounterFloor, ...]) -> None:
        """Show the floor's counters."""
        self.counters = counters
        self._show()

    def row(self, number: int) -> CounterRow:
        """The row of counter ``number``."""
        return self.rows[number]

    def _show(self) -> None:
        rows = self.list.place(self.rows, [c.number for c in self.counters], self._new_row)
        for c, row in zip(self.counters, rows, strict=True):
            row.show_counter(c, self.acting.busy)

    def _new_row(self, number: int) -> CounterRow:
        row = CounterRow(number)
        row.pause_button.clicked.connect(lambda _checked=False, n=number: self._pause_clicked(n))
        row.sign_out_button.clicked.connect(lambda _checked=False, n=number: self._sign_out_clicked(n))
        return row

    def _find(self, number: int) -> CounterFloor | None:
        return next((c for c in self.counters if c.number == number), None)

    # -- acting -----------------------------------------------------------------------------------
    def _pause_clicked(self, number: int) -> None:
        c = self._find(number)
        if c is not None and c.state == "paused":
            self.resume(number)
            return
        options = [(TEXTS[key]["id"], tr(key)) for key in PAUSE_REASONS]  # the Indonesian word is stored
        dialog = ChoiceDialog(tr("supervisor.actions.counters.pause_title", n=number), options, self, other=True,
                              ok_text=tr("supervisor.actions.counters.pause").rstrip("…"))
        dialog.chosen.connect(lambda reason: self.pause(number, reason))
        self._open(dialog)

    def _sign_out_clicked(self, number: int) -> None:
        c = self._find(number)
        if c is None or c.officer is None:
            self.acting.message.emit(tr("supervisor.actions.err.nobody", n=number), ERROR)
            return
        dialog = ConfirmDialog(tr("supervisor.actions.counters.sign_out_title", officer=c.officer, n=number),
                               tr("supervisor.actions.counters.sign_out_body"),
                               tr("supervisor.actions.counters.sign_out_yes"), self)
        officer = c.officer
        dialog.confirmed.connect(lambda: self.sign_out(number, officer))
        self._open(dialog)

    def pause(self, number: int, reason: str) -> None:
        """Pause counter ``number`` with ``reason``."""
        db, actor = self.acting.db, self.acting.actor
        self.acting.act("pause_counter", lambda: supervise.pause_counter(db, actor, number, reason),
                         lambda _r: tr("supervisor.actions.counters.done.paused", n=number, reason=reason),
                         counter=number, reason=reason)

    def resume(self, number: int) -> None:
        """Let counter ``number`` call visitors again."""
        db, actor = self.acting.db, self.acting.actor
        self.acting.act("resume_counter", lambda: supervise.resume_counter(db, actor, number),
                         lambda _r: tr("supervisor.actions.counters.done.resumed", n=number), counter=number)

    def sign_out(self, number: int, officer: str) -> None:
        """Sign the officer at counter ``number`` out."""
        db, actor = self.acting.db, self.acting.actor
        self.acting.act("sign_officer_out", lambda: supervise.sign_officer_out(db, actor, number),
                         lambda _r: tr("supervisor.actions.counters.done.signed_out", n=number, officer=officer),
                         counter=number)

    def translate_ui(self) -> None:
        """Every text in the current language."""
        self.heading.setText(tr("supervisor.actions.counters.heading"))
        self.empty.setText(tr("supervisor.actions.counters.none"))
        self._show()
