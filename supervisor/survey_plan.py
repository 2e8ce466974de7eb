"""The follow-up plan (*rencana tindak lanjut*) editor of the "Survei" tab: the plan of the
period shown, a character count against the core's limit, and "Simpan Rencana".

The widget only edits: the page saves through its runner (``db.survey.set_plan``) and
tells the editor what was stored. A plan read again while someone is typing does not
overwrite the typing; the last save wins (the audit log keeps each one).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from db.render.numbers import number
from db.survey import PLAN_MAX
from supervisor.page_common import show_status
from ui.i18n import register, retranslate_on_switch, tr, translator
from ui.theme import DANGER, MUTED

TEXTS: dict[str, dict[str, str]] = {
    "supervisor.survey.plan.title": {"id": "Rencana Tindak Lanjut — {period}", "en": "Follow-up Plan — {period}"},
    "supervisor.survey.plan.hint": {
        "id": "Tuliskan perbaikan yang akan dilakukan untuk unsur yang nilainya terendah. Rencana ini dicetak "
              "pada laporan IKM periode ini.",
        "en": "Write what will be improved for the weakest elements. The plan is printed in this period's IKM "
              "report."},
    "supervisor.survey.plan.save": {"id": "Simpan Rencana", "en": "Save Plan"},
    "supervisor.survey.plan.count": {"id": "{n}/{max} karakter", "en": "{n}/{max} characters"},
    "supervisor.survey.plan.saving": {"id": "Menyimpan rencana…", "en": "Saving the plan…"},
    "supervisor.survey.plan.saved": {"id": "Rencana tindak lanjut disimpan.", "en": "The follow-up plan was saved."},
    "supervisor.survey.plan.unsaved": {"id": "Ada perubahan yang belum disimpan.", "en": "There are unsaved changes."},
    "supervisor.survey.plan.too_long": {"id": "Rencana terlalu panjang: paling banyak {max} karakter.",
                                        "en": "The plan is too long: at most {max} characters."},
    "supervisor.survey.plan.failed": {"id": "Rencana tidak disimpan: {reason}", "en": "The plan was not saved: {reason}"},
}
register(TEXTS)



class PlanEditor(QGroupBox):
    """The plan of one period. ``save_requested(text)`` when "Simpan Rencana" is pressed."""

    save_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planEditor")
        self.period_title = ""
        self.stored = ""  # the plan as last read or saved
        self._message: tuple[str, dict[str, object], str] | None = None
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName("planEdit")
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(110)
        self.edit.textChanged.connect(self._changed)
        self.count = QLabel(self)
        self.count.setStyleSheet(f"color: {MUTED}; font-size: 10pt;")
        self.status = QLabel(self)
        self.status.setObjectName("planStatus")
        self.status.setWordWrap(True)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("savePlanButton")
        self.save_button.clicked.connect(lambda _c=False: self.request_save())
        bottom = QHBoxLayout()
        bottom.addWidget(self.count)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        layout.addWidget(self.edit, 1)
        layout.addLayout(bottom)
        retranslate_on_switch(self)

    def translate_ui(self) -> None:
        """Every text in the current language."""
        self.setTitle(tr("supervisor.survey.plan.title", period=self.period_title))
        self.edit.setPlaceholderText(tr("supervisor.survey.plan.hint"))  # shown while there is no plan
        self.edit.setToolTip(tr("supervisor.survey.plan.hint"))
        self.save_button.setText(tr("supervisor.survey.plan.save"))
        self._show()

    def text(self) -> str:
        """The plan as typed."""
        return self.edit.toPlainText()

    def modified(self) -> bool:
        """Whether the typed plan differs from the one stored."""
        return self.text() != self.stored

    def show_plan(self, text: str, period_title: str, *, new_period: bool) -> None:
        """The plan read for the period ``period_title``; typing in progress on the same
        period is kept (``new_period`` replaces it: another period was chosen)."""
        self.period_title = period_title
        keep = self.modified() and not new_period
        self.stored = text
        if not keep and self.text() != text:
            self.edit.setPlainText(text)
        if new_period:
            self._message = None
        self.translate_ui()

    def saved(self, text: str) -> None:
        """The plan was saved as ``text``."""
        self.stored = text
        if self.text() != text:
            self.edit.setPlainText(text)
        self.say("supervisor.survey.plan.saved", "ok")

    def request_save(self) -> None:
        """Ask the page to save the typed plan (refused here when it is too long)."""
        text = self.text()
        if len(text) > PLAN_MAX:
            self.say("supervisor.survey.plan.too_long", "error", max=number(PLAN_MAX, translator().language))
            return
        self.say("supervisor.survey.plan.saving", "info")
        self.save_requested.emit(text)

    def say(self, key: str | None, level: str = "info", **values: object) -> None:
        """Show ``tr(key, **values)`` under the plan (None: the count and whether it is saved)."""
        self._message = (key, values, level) if key else None
        self._show()

    def _changed(self) -> None:
        if self._message is not None and self._message[0] == "supervisor.survey.plan.saved" and self.modified():
            self._message = None
        self._show()

    def _show(self) -> None:
        n = len(self.text())
        lang = translator().language
        self.count.setText(tr("supervisor.survey.plan.count", n=number(n, lang), max=number(PLAN_MAX, lang)))
        self.count.setStyleSheet(f"color: {DANGER if n > PLAN_MAX else MUTED}; font-size: 10pt;")
        if self._message is not None:
            key, values, level = self._message
            show_status(self.status, tr(key, **values), level)
        elif self.modified():
            show_status(self.status, tr("supervisor.survey.plan.unsaved"), "info")
        else:
            show_status(self.status, "", "info")
