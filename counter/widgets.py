"""The pieces of the counter window: action buttons, the current ticket, the waiting list,
today's figures and the status line. They only show what they are given; no database here.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter import model
from counter.model import CounterView
from counter.texts import duration_text, elapsed_text, ticket_service_name
from db.records import CounterFigures, TicketInfo
from db.sitetime import DEFAULT_TZ
from ui.i18n import tr, translator
from ui.theme import ACCENT, DANGER, INK, MUTED, OK, WARNING, text_colour_on
from ui.waittext import clock_text

CARD = "QFrame#card { background: white; border: 1px solid #d5dbe3; border-radius: 10px; }"
OVERDUE_BG = "#fdecea"
PRIORITY_INK = "#8e24aa"
BOOKED_INK = "#00695c"  # a booked visitor's number and mark (priority's purple wins when both)
STATE_COLOURS = {
    model.IDLE: MUTED,
    model.CALLED: ACCENT,
    model.SERVING: OK,
    model.PAUSED: WARNING,
    model.OFFLINE: DANGER,
}


def card() -> QFrame:
    """A white rounded panel."""
    frame = QFrame()
    frame.setObjectName("card")
    frame.setStyleSheet(CARD)
    return frame


class ActionButton(QPushButton):
    """A large button with its title and its keyboard shortcut shown as a key cap."""

    def __init__(self, action: str, keys: str, *, primary: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.action = action
        self.keys = keys
        self.setObjectName(f"action_{action}")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the shortcuts, never to a button
        self.setMinimumHeight(78)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        bg, fg, border = (ACCENT, "white", ACCENT) if primary else ("#ffffff", INK, "#b8c2cf")
        self.setStyleSheet(
            f"QPushButton {{ background: {bg}; color: {fg}; border: 2px solid {border}; border-radius: 10px; }}"
            f"QPushButton:hover {{ border-color: {ACCENT}; }}"
            f"QPushButton:pressed {{ background: {'#0a3578' if primary else '#e3eaf5'}; }}"
            "QPushButton:disabled { background: #eceff3; border-color: #dde2e8; }"
            f"QLabel {{ color: {fg}; background: transparent; }}"
            "QLabel:disabled { color: #a3acb8; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.title.setStyleSheet(f"font-size: {17 if primary else 14}pt; font-weight: bold;")
        self.key_cap = QLabel()
        self.key_cap.setAlignment(Qt.AlignmentFlag.AlignCenter)
        cap_border = "rgba(255,255,255,0.7)" if primary else "#9aa6b5"
        self.key_cap.setStyleSheet(
            f"font-size: 11pt; font-weight: bold; border: 1px solid {cap_border}; border-radius: 4px; padding: 1px 8px;"
        )
        for w in (self.title, self.key_cap):
            w.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout.addWidget(self.title, 1)
        layout.addWidget(self.key_cap, 0, Qt.AlignmentFlag.AlignHCenter)

    def set_texts(self, title: str, keys: str | None = None) -> None:
        """Set the title and (optionally) the key caption."""
        self.title.setText(title)
        self.key_cap.setText(keys if keys is not None else self.keys)
        self.setToolTip(f"{title} ({self.key_cap.text()})")
        self.setAccessibleName(title)

    def text(self) -> str:
        """The title (tests and accessibility)."""
        return self.title.text()


class CurrentTicketPanel(QFrame):
    """The ticket at the counter: big number, service, state, waiting time, running timer."""

    label_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setStyleSheet(CARD)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(4)
        top = QHBoxLayout()
        self.chip = QLabel()
        self.chip.setMinimumWidth(40)
        self.chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.service = QLabel()
        self.service.setObjectName("currentService")
        self.service.setStyleSheet("font-size: 17pt; font-weight: bold;")
        self.service.setWordWrap(True)
        top.addWidget(self.chip, 0)
        top.addWidget(self.service, 1)
        layout.addLayout(top)
        layout.addStretch(1)
        self.number = QLabel("")
        self.number.setObjectName("currentNumber")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont()
        font.setPixelSize(120)
        font.setBold(True)
        self.number.setFont(font)
        self.number.setMinimumHeight(140)
        self.number.setStyleSheet(f"color: {INK};")
        self.number.hide()
        layout.addWidget(self.number)
        self.state = QLabel()
        self.state.setObjectName("currentState")
        self.state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        self.details = QLabel()
        self.details.setObjectName("currentDetails")
        self.details.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.details.setWordWrap(True)
        self.details.setStyleSheet(f"font-size: 13pt; color: {MUTED};")
        layout.addWidget(self.details)
        self.timer = QLabel()
        self.timer.setObjectName("currentTimer")
        self.timer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.timer.setStyleSheet(f"font-size: 20pt; font-weight: bold; color: {INK};")
        layout.addWidget(self.timer)
        layout.addStretch(1)
        self._ticket: TicketInfo | None = None
        self._state = model.OFFLINE
        self._pause_reason: str | None = None
        self._colour = ACCENT
        self._timezone = DEFAULT_TZ

    def show_state(self, state: str, ticket: TicketInfo | None, colour: str | None, pause_reason: str | None,
                   now: datetime, timezone: str | None = None) -> None:
        """Show the counter's state and its ticket (None: nobody at the counter); ``timezone``
        (the site's) words a booked visitor's booked time."""
        self._state, self._ticket, self._pause_reason = state, ticket, pause_reason
        self._colour = colour or ACCENT
        self._timezone = timezone or self._timezone
        text = ticket.label if ticket is not None else ""
        if self.number.text() != text:
            self.number.setText(text)
            self.label_changed.emit(text)
        self.retranslate(now)

    def retranslate(self, now: datetime) -> None:
        """Redraw every text (language change, clock tick)."""
        t = self._ticket
        if t is not None:
            self.chip.setText(t.service_code)
            self.chip.setStyleSheet(
                f"background: {self._colour}; color: {text_colour_on(self._colour)}; border-radius: 6px;"
                "font-size: 16pt; font-weight: bold; padding: 2px 10px;"
            )
            self.chip.show()
            self.service.setText(ticket_service_name(t))
            self.number.show()
        else:
            self.chip.hide()
            self.service.setText("")
            self.number.hide()
        state = self._state
        if state == model.PAUSED:
            if self._pause_reason:
                words = tr("counter.state.paused", reason=self._pause_reason)
            else:
                words = tr("counter.state.paused_plain")
        else:
            words = tr(f"counter.state.{state}")
        self.state.setText(words)
        size = 17 if t is not None else 24  # alone on the card: larger
        self.state.setStyleSheet(f"font-size: {size}pt; font-weight: bold; color: {STATE_COLOURS.get(state, INK)};")
        parts: list[str] = []
        if t is not None:
            called = t.called_at or now
            parts.append(tr("counter.current.waited", t=duration_text((called - t.queue_time).total_seconds())))
            if t.priority:
                parts.append(tr("counter.current.priority"))
            booked = model.booked_time(t, self._timezone)
            if booked is not None:
                parts.append(tr("counter.current.booked", time=clock_text(booked)))
            if t.recall_count:
                parts.append(tr("counter.current.recalls", n=t.recall_count))
            if t.transferred_from_id:
                parts.append(tr("counter.current.transferred"))
        elif state == model.PAUSED:
            parts.append(tr("counter.current.resume_hint"))
        self.details.setText("  ·  ".join(parts))
        self.tick(now)

    def tick(self, now: datetime) -> None:
        """Advance the running timer."""
        t = self._ticket
        if t is None:
            self.timer.setText("")
        elif t.status == model.SERVING and t.started_at is not None:
            self.timer.setText(tr("counter.current.serving_for", t=elapsed_text((now - t.started_at).total_seconds())))
        elif t.called_at is not None:
            self.timer.setText(tr("counter.current.called_ago", t=elapsed_text((now - t.called_at).total_seconds())))
        else:
            self.timer.setText("")


class _RowDelegate(QStyledItemDelegate):
    """Taller rows, easy to read and to double-click."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        """The default size plus some air above and below."""
        size = super().sizeHint(option, index)
        return QSize(size.width() + 8, size.height() + 14)


class WaitingList(QTreeWidget):
    """The tickets this counter could call, in calling order, with waiting time and marks.

    Enter or a double-click asks to call the chosen ticket (``call_requested``).
    """

    call_requested = Signal(int, str)  # ticket id, label

    COLUMNS = ("counter.waiting.col_number", "counter.waiting.col_service", "counter.waiting.col_wait",
               "counter.waiting.col_mark")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waitingList")
        self.setColumnCount(len(self.COLUMNS))
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # No ``::item`` style sheet rules: they would hide the overdue rows' background colour.
        font = self.font()
        font.setPointSize(13)
        self.setFont(font)
        self.setItemDelegate(_RowDelegate(self))
        self.setStyleSheet(
            "QTreeWidget { border: none; background: white; }"
            "QHeaderView::section { font-size: 11pt; font-weight: bold; padding: 6px; background: #f0f3f7;"
            " border: none; border-bottom: 1px solid #d5dbe3; }"
        )
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.itemDoubleClicked.connect(lambda item, _col: self._request(item))
        self._tickets: tuple[TicketInfo, ...] = ()
        self._view: CounterView | None = None
        self._now: datetime | None = None
        self.retranslate()

    def retranslate(self) -> None:
        """Column titles and rows in the current language."""
        self.setHeaderLabels([tr(k) for k in self.COLUMNS])
        if self._view is not None and self._now is not None:
            self.show_tickets(self._view, self._now)

    @property
    def tickets(self) -> tuple[TicketInfo, ...]:
        """The tickets shown, in order."""
        return self._tickets

    def selected_ticket(self) -> TicketInfo | None:
        """The chosen ticket, if any."""
        item = self.currentItem()
        if item is None or not item.isSelected():
            return None
        ticket_id = item.data(0, Qt.ItemDataRole.UserRole)
        return next((t for t in self._tickets if t.id == ticket_id), None)

    def select_ticket(self, ticket_id: int) -> None:
        """Choose a ticket by id (keyboard users move with ↑/↓)."""
        for i in range(self.topLevelItemCount()):
            item = self.topLevelItem(i)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == ticket_id:
                self.setCurrentItem(item)
                item.setSelected(True)
                return

    def show_tickets(self, view: CounterView, now: datetime) -> None:
        """Fill the list from a view; keeps the chosen ticket chosen while it still waits."""
        self._view, self._now = view, now
        chosen = self.selected_ticket()
        self._tickets = view.waiting
        self.setUpdatesEnabled(False)
        try:
            self.clear()
            items = [self._item(t, view, now) for t in view.waiting]
            self.addTopLevelItems(items)
            if chosen is not None:
                self.select_ticket(chosen.id)
        finally:
            self.setUpdatesEnabled(True)

    def tick(self, now: datetime) -> None:
        """Update waiting times and overdue colours without re-reading."""
        if self._view is None:
            return
        self._now = now
        for i in range(self.topLevelItemCount()):
            item = self.topLevelItem(i)
            if item is not None:
                self._decorate(item, self._tickets[i], self._view, now)

    def _item(self, t: TicketInfo, view: CounterView, now: datetime) -> QTreeWidgetItem:
        item = QTreeWidgetItem([t.label, "", "", ""])
        item.setData(0, Qt.ItemDataRole.UserRole, t.id)
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        self._decorate(item, t, view, now)
        return item

    def _decorate(self, item: QTreeWidgetItem, t: TicketInfo, view: CounterView, now: datetime) -> None:
        service = view.service(t.service_code)
        item.setText(1, ticket_service_name(t))
        item.setText(2, duration_text((now - t.queue_time).total_seconds()))
        notes = []
        if t.priority:
            notes.append(tr("counter.waiting.priority"))
        booked = model.booked_time(t, view.timezone)
        if booked is not None:
            notes.append(tr("counter.waiting.booked", time=clock_text(booked)))
        overdue = model.is_overdue(t, service, now)
        if overdue:
            notes.append("⚠ " + tr("counter.waiting.overdue", n=max(1, model.overdue_minutes(t, service, now))))
        item.setText(3, "  ".join(notes))
        background = QBrush(QColor(OVERDUE_BG)) if overdue else QBrush()
        for col in range(self.columnCount()):
            item.setBackground(col, background)
        item.setForeground(2, QBrush(QColor(DANGER if overdue else INK)))
        mark_ink = PRIORITY_INK if t.priority else BOOKED_INK if booked is not None else INK
        item.setForeground(3, QBrush(QColor(DANGER if overdue else mark_ink)))
        item.setForeground(0, QBrush(QColor(mark_ink)))
        item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{t.label} {item.text(3)}")
        item.setToolTip(0, f"{t.label} — {ticket_service_name(t)}")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter calls the chosen ticket."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.currentItem()
            if item is not None:
                self._request(item)
                return
        super().keyPressEvent(event)

    def _request(self, item: QTreeWidgetItem) -> None:
        ticket_id = item.data(0, Qt.ItemDataRole.UserRole)
        self.call_requested.emit(int(ticket_id), item.text(0))


class FiguresPanel(QFrame):
    """Today's figures for this counter: served, no-shows, average service time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setStyleSheet(CARD)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 12)
        layout.setSpacing(6)
        self.heading = QLabel()
        self.heading.setStyleSheet(f"font-size: 12pt; font-weight: bold; color: {MUTED};")
        layout.addWidget(self.heading)
        row = QHBoxLayout()
        row.setSpacing(10)
        self.values: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        for key in ("served", "no_shows", "average"):
            box = QVBoxLayout()
            box.setSpacing(0)
            value = QLabel("—")
            value.setObjectName(f"figure_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value.setStyleSheet(f"font-size: 24pt; font-weight: bold; color: {INK};")
            caption = QLabel()
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption.setStyleSheet(f"font-size: 11pt; color: {MUTED};")
            box.addWidget(value)
            box.addWidget(caption)
            row.addLayout(box, 1)
            self.values[key], self.captions[key] = value, caption
        layout.addLayout(row)
        self._figures: CounterFigures | None = None
        self.retranslate()

    def show_figures(self, figures: CounterFigures) -> None:
        """Show today's figures."""
        self._figures = figures
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.heading.setText(tr("counter.figures.heading"))
        for key, caption in self.captions.items():
            caption.setText(tr(f"counter.figures.{key}"))
        f = self._figures
        if f is None:
            return
        self.values["served"].setText(str(f.served))
        self.values["no_shows"].setText(str(f.no_shows))
        if f.average_service_min is None:
            self.values["average"].setText(tr("counter.figures.none"))
        else:
            minutes = f"{f.average_service_min:.1f}"
            if translator().language == "id":
                minutes = minutes.replace(".", ",")
            self.values["average"].setText(tr("counter.figures.minutes", m=minutes))


class StatusLine(QLabel):
    """The last message for the officer: what just happened, or why it did not."""

    STYLES = {
        "info": ("#e8f0fe", "#0b2e66", "ℹ"),
        "success": ("#e7f4ea", "#1b5e20", "✔"),
        "error": ("#fdecea", "#8e1c1c", "✖"),
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusLine")
        self.setWordWrap(True)
        self.setMinimumHeight(44)
        self.level = "info"
        self.message = ""
        self.show_message("", "info")

    def show_message(self, text: str, level: str = "info") -> None:
        """Show ``text``; ``level`` is info, success or error."""
        self.level, self.message = level, text
        bg, fg, icon = self.STYLES.get(level, self.STYLES["info"])
        if not text:
            bg = "transparent"
        self.setStyleSheet(
            f"background: {bg}; color: {fg}; font-size: 14pt; padding: 8px 14px; border-radius: 8px;"
            f"{'font-weight: bold;' if level == 'error' else ''}"
        )
        self.setText(f"{icon}  {text}" if text else "")


class ClosePrompt(QFrame):
    """The question asked before calling past a visitor who was called and never served:
    "A-004 belum mulai dilayani — F5 Tidak hadir · F4 Selesai", with the same choices as
    buttons. ``chosen("no_show" | "done")`` or ``cancelled()``; it never decides itself."""

    chosen = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("closePrompt")
        self.setStyleSheet(
            f"QFrame#closePrompt {{ background: #fff4e5; border: 3px solid {WARNING}; border-radius: 10px; }}"
            f"QLabel {{ color: {INK}; font-size: 16pt; font-weight: bold; background: transparent; }}"
            "QPushButton { font-size: 13pt; font-weight: bold; padding: 8px 16px; border-radius: 8px;"
            f" border: 2px solid #b8c2cf; background: white; color: {INK}; }}"
            f"QPushButton:hover {{ border-color: {ACCENT}; }}"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        self.question = QLabel()
        self.question.setObjectName("closeQuestion")
        self.question.setWordWrap(True)
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.question)
        row = QHBoxLayout()
        row.setSpacing(10)
        self.buttons: dict[str, QPushButton] = {}
        for key in ("no_show", "done", "cancel"):
            button = QPushButton()
            button.setObjectName(f"close_{key}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the window's shortcuts
            button.clicked.connect(lambda _checked=False, k=key: self.cancelled.emit() if k == "cancel" else self.chosen.emit(k))
            row.addWidget(button, 1)
            self.buttons[key] = button
        layout.addLayout(row)
        self.label = ""
        self.hide()

    def ask(self, label: str) -> None:
        """Show the question for the ticket ``label``."""
        self.label = label
        self.retranslate()
        self.show()

    def retranslate(self) -> None:
        """Every text in the current language."""
        self.question.setText(tr("counter.close.prompt", label=self.label))
        for key, button in self.buttons.items():
            button.setText(tr(f"counter.close.{key}"))
