""""Pengumuman": today's notice for visitors, on the kiosk and first in the display's ticker.

The notice holds for today only (``db.supervise.set_notice``); the editors show the one
in force, except while the supervisor is typing a new one.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from db import supervise
from supervisor.actions_base import ERROR, Actions, big_button, card, hint, section_layout
from supervisor.actions_texts import TEXTS
from ui.i18n import retranslate_on_switch, tr
from ui.theme import INK, MUTED

MAX_CHARS = 300


class NoticeEdit(QPlainTextEdit):
    """A few lines of notice text."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setTabChangesFocus(True)
        self.setStyleSheet("font-size: 15pt; background: white;")
        self.setFixedHeight(96)

    def value(self) -> str:
        """The text, on one line (the ticker and the banner are one line of running text)."""
        return " ".join(self.toPlainText().split())[:MAX_CHARS]


class NoticeSection(QWidget):
    """The two editors, what is shown now, and Tampilkan hari ini / Hapus."""

    def __init__(self, actions: Actions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeSection")
        self.acting = actions
        self.current = ("", "")
        root, self.heading = section_layout(self, "noticeHeading")
        box = card()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(18, 14, 18, 16)
        inner.setSpacing(8)
        self.hint = hint()
        inner.addWidget(self.hint)
        self.now_shown = QLabel()
        self.now_shown.setObjectName("noticeNow")
        self.now_shown.setWordWrap(True)
        inner.addWidget(self.now_shown)
        self.label_id = QLabel()
        self.label_en = QLabel()
        for label in (self.label_id, self.label_en):
            label.setStyleSheet(f"font-size: 13pt; font-weight: bold; color: {INK};")
        self.text_id = NoticeEdit("noticeId")
        self.text_en = NoticeEdit("noticeEn")
        inner.addWidget(self.label_id)
        inner.addWidget(self.text_id)
        inner.addWidget(self.label_en)
        inner.addWidget(self.text_en)
        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        self.show_button = big_button("showNotice", primary=True)
        self.clear_button = big_button("clearNotice", danger=True)
        self.show_button.clicked.connect(self.show_today)
        self.clear_button.clicked.connect(self.clear)
        buttons.addWidget(self.show_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        inner.addLayout(buttons)
        inner.addStretch(1)
        root.addWidget(box, 1)
        actions.busy_changed.connect(lambda _busy: self._update_buttons())
        retranslate_on_switch(self)

    def editing(self) -> bool:
        """Whether the editors hold something other than the notice in force."""
        return (self.text_id.value(), self.text_en.value()) != self.current

    def show_notice(self, text_id: str, text_en: str) -> None:
        """The notice in force today (from the floor)."""
        was_editing = self.editing()
        self.current = (text_id, text_en)
        if not was_editing or not (self.text_id.hasFocus() or self.text_en.hasFocus()):
            self.text_id.setPlainText(text_id)
            self.text_en.setPlainText(text_en)
        self._show_current()

    def _show_current(self) -> None:
        text_id, text_en = self.current
        if text_id:
            shown = text_id if not text_en else f"{text_id} / {text_en}"
            self.now_shown.setText(tr("supervisor.actions.notice.current", text=shown))
            self.now_shown.setStyleSheet(f"font-size: 15pt; font-weight: bold; color: {INK}; background: #fff4ce;"
                                         " border-left: 4px solid #ef6c00; padding: 8px 10px;")
        else:
            self.now_shown.setText(tr("supervisor.actions.notice.nothing"))
            self.now_shown.setStyleSheet(f"font-size: 15pt; color: {MUTED}; padding: 8px 0px;")
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.show_button.setEnabled(not self.acting.busy)
        self.clear_button.setEnabled(not self.acting.busy and bool(self.current[0] or self.current[1]))

    # -- acting -----------------------------------------------------------------------------------
    def show_today(self) -> None:
        """Show the editors' notice today (Indonesian required, English optional)."""
        text_id, text_en = self.text_id.value(), self.text_en.value()
        if not text_id:
            self.acting.message.emit(tr("supervisor.actions.notice.empty"), ERROR)
            self.text_id.setFocus()
            return
        db, actor = self.acting.db, self.acting.actor
        self.acting.act("set_notice", lambda: supervise.set_notice(db, actor, text_id, text_en),
                         lambda _r: tr("supervisor.actions.notice.done.shown"), notice=text_id)

    def clear(self) -> None:
        """Take today's notice down."""
        db, actor = self.acting.db, self.acting.actor

        def done(_r: object) -> str:
            self.text_id.clear()
            self.text_en.clear()
            return tr("supervisor.actions.notice.done.cleared")

        self.acting.act("set_notice", lambda: supervise.set_notice(db, actor, "", ""), done, notice="")

    def translate_ui(self) -> None:
        """Every text in the current language."""
        self.heading.setText(tr("supervisor.actions.notice.heading"))
        self.hint.setText(tr("supervisor.actions.notice.hint"))
        self.label_id.setText(tr("supervisor.actions.notice.text_id"))
        self.label_en.setText(tr("supervisor.actions.notice.text_en"))
        # each field's example is in the field's own language
        self.text_id.setPlaceholderText(TEXTS["supervisor.actions.notice.placeholder"]["id"])
        self.text_en.setPlaceholderText(TEXTS["supervisor.actions.notice.placeholder"]["en"])
        self.show_button.setText(tr("supervisor.actions.notice.show"))
        self.clear_button.setText(tr("supervisor.actions.notice.clear"))
        self._show_current()
