"""The "Survei" sub-page of the Administration page: what the satisfaction survey (SKM) asks
besides the nine elements, where it is offered, how long its screen waits, the survey
period the IKM is counted over, and whether the lobby display shows the IKM.

The values are site settings (``db.settings``: ``survey_*`` and ``display_ikm``), saved
with ``db.admin.save_settings`` like the other settings: checked by their rules, audited,
and refused as a conflict when another administrator changed one meanwhile.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db import admin
from db.roles import Actor
from db.settings import RULES
from db.validation import Whole
from supervisor.admin_common import AdminPanel, button_row
from ui.backend import Backend
from ui.i18n import register, retranslate_on_switch, tr
from ui.theme import MUTED

TEXTS: dict[str, dict[str, str]] = {
    "supervisor.admin.tab.survey": {"id": "Survei", "en": "Survey"},
    "supervisor.admin.survey.intro": {
        "id": "Survei Kepuasan Masyarakat (SKM) selalu menanyakan sembilan unsur pelayanan. Di sini diatur "
              "pertanyaan tambahan, tempat survei dapat diisi, dan periode penghitungan IKM.",
        "en": "The satisfaction survey (SKM) always asks the nine service elements. Here you choose the extra "
              "questions, where the survey can be answered and the period the IKM is counted over."},
    "supervisor.admin.survey.asks": {"id": "Pertanyaan Tambahan", "en": "Extra Questions"},
    "supervisor.admin.survey.where": {"id": "Tempat dan Waktu", "en": "Where and When"},
    "supervisor.admin.survey.survey_profile": {
        "id": "Profil responden (usia, jenis kelamin, pendidikan, pekerjaan; boleh dilewati)",
        "en": "Respondent profile (age, sex, education, occupation; may be skipped)"},
    "supervisor.admin.survey.survey_comment": {"id": "Saran dan komentar", "en": "Suggestions and comments"},
    "supervisor.admin.survey.survey_wbk": {
        "id": "Persepsi antikorupsi (unit WBK): diskriminasi, menyerobot antrean, imbalan, pungli, calo",
        "en": "Anti-corruption perception (WBK unit): discrimination, queue-jumping, gratuities, illegal fees, "
              "brokers"},
    "supervisor.admin.survey.survey_kiosk": {
        "id": "Survei juga dapat diisi di kios dengan nomor tiket",
        "en": "Visitors can also answer at the kiosk with their ticket number"},
    "supervisor.admin.survey.display_ikm": {
        "id": "Tampilkan IKM periode berjalan di layar ruang tunggu",
        "en": "Show the current period's IKM on the lobby display"},
    "supervisor.admin.survey.survey_idle_seconds": {"id": "Layar Survei Siaga Setelah (detik)",
                                                    "en": "Survey Screen Sleeps After (s)"},
    "supervisor.admin.survey.idle_hint": {
        "id": "tanpa sentuhan; jawaban yang sudah diisi tetap tersimpan",
        "en": "without a touch; the answers given are kept"},
    "supervisor.admin.survey.survey_wake_minutes": {"id": "Survei Ditawarkan Sampai (menit)",
                                                    "en": "Survey Offered For (min)"},
    "supervisor.admin.survey.wake_hint": {
        "id": "setelah layanan di loket selesai", "en": "after the visit at the counter ends"},
    "supervisor.admin.survey.survey_period": {"id": "Periode Survei (IKM)", "en": "Survey Period (IKM)"},
    "supervisor.admin.survey.period.quarter": {"id": "Triwulan", "en": "Quarter"},
    "supervisor.admin.survey.period.semester": {"id": "Semester", "en": "Half-year"},
    "supervisor.admin.survey.period.year": {"id": "Tahun", "en": "Year"},
}
register(TEXTS)

#: The flags, in the order shown: what the survey asks, then where it is offered and shown.
ASK_FLAGS = ("survey_profile", "survey_comment", "survey_wbk")
PLACE_FLAGS = ("survey_kiosk", "display_ikm")
NUMBERS = ("survey_idle_seconds", "survey_wake_minutes")
PERIODS = ("quarter", "semester", "year")
#: Every setting this sub-page edits.
SURVEY_SETTINGS = (*ASK_FLAGS, *PLACE_FLAGS, *NUMBERS, "survey_period")


class SurveySettingsPanel(AdminPanel):
    """The survey's site settings: three questions to add, two places, two times, the period."""

    def __init__(self, backend: Backend, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(backend, actor, parent)
        self.read: dict[str, Any] = {}
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet(f"color: {MUTED};")
        self.flags: dict[str, QCheckBox] = {key: QCheckBox(self) for key in (*ASK_FLAGS, *PLACE_FLAGS)}
        self.numbers: dict[str, QSpinBox] = {}
        self.hints: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self.asks_box, self.where_box = QGroupBox(self), QGroupBox(self)
        asks = QVBoxLayout(self.asks_box)
        for key in ASK_FLAGS:
            asks.addWidget(self.flags[key])
        form = QFormLayout(self.where_box)
        for key in PLACE_FLAGS:
            form.addRow(self.flags[key])
        for key, hint in (("survey_idle_seconds", "idle_hint"), ("survey_wake_minutes", "wake_hint")):
            box = QSpinBox(self)
            rule: Whole = RULES[key]
            box.setRange(rule.low, rule.high)
            box.setObjectName(key)
            self.numbers[key] = box
            self.hints[hint] = QLabel(self)
            self.hints[hint].setStyleSheet(f"color: {MUTED};")
            self.labels[key] = QLabel(self)
            row = button_row((box, self.hints[hint]))
            form.addRow(self.labels[key], row)
        self.period = QComboBox(self)
        self.period.setObjectName("surveyPeriod")
        for kind in PERIODS:
            self.period.addItem("", kind)
        self.labels["survey_period"] = QLabel(self)
        form.addRow(self.labels["survey_period"], button_row((self.period,)))
        self.save_button, self.reload_button = QPushButton(self), QPushButton(self)
        self.save_button.setObjectName("saveSurveySettings")
        self.save_button.clicked.connect(self.save)
        self.reload_button.clicked.connect(self.reload)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.asks_box)
        layout.addWidget(self.where_box)
        layout.addLayout(button_row((self.reload_button,), (self.save_button,)))
        layout.addStretch(1)
        layout.addWidget(self.status)
        retranslate_on_switch(self)

    def translate_ui(self) -> None:
        """Set every text in the current language."""
        self.intro.setText(tr("supervisor.admin.survey.intro"))
        self.asks_box.setTitle(tr("supervisor.admin.survey.asks"))
        self.where_box.setTitle(tr("supervisor.admin.survey.where"))
        for key, box in self.flags.items():
            box.setText(tr(f"supervisor.admin.survey.{key}"))
        for key, label in self.labels.items():
            label.setText(tr(f"supervisor.admin.survey.{key}"))
        for key, hint in self.hints.items():
            hint.setText(tr(f"supervisor.admin.survey.{key}"))
        for i, kind in enumerate(PERIODS):
            self.period.setItemText(i, tr(f"supervisor.admin.survey.period.{kind}"))
        self.save_button.setText(tr("supervisor.admin.save"))
        self.reload_button.setText(tr("supervisor.admin.reload"))
        self.status.translate_ui()

    def reload(self) -> None:
        """Read the settings again."""
        db, actor = self.backend.db, self.actor
        self.run(lambda: admin.site_settings(db, actor), self._loaded, reading=True)

    def _loaded(self, read: dict[str, Any]) -> None:
        self.read = read
        for key, box in self.flags.items():
            box.setChecked(bool(read.get(key)))
        for key, spin in self.numbers.items():
            spin.setValue(int(read.get(key, spin.minimum())))
        self.period.setCurrentIndex(max(0, self.period.findData(read.get("survey_period"))))
        self.loaded.emit()

    def values(self) -> dict[str, Any]:
        """Every survey setting as the form shows it."""
        shown: dict[str, Any] = {key: box.isChecked() for key, box in self.flags.items()}
        shown.update({key: spin.value() for key, spin in self.numbers.items()})
        shown["survey_period"] = self.period.currentData()
        return shown

    def changes(self) -> dict[str, Any]:
        """The survey settings whose control differs from what was read."""
        return {key: value for key, value in self.values().items() if value != self.read.get(key)}

    def save(self) -> None:
        """Save the changed settings; one someone else changed since is a conflict."""
        self.save_settings(self.changes(), self.read)
