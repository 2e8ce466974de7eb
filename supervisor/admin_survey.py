"""The "Survei" sub-page of the Administration page: what the satisfaction survey (SKM) asks
besides the nine elements, where it is offered, how long its screen waits, the survey
period the IKM is counted over, and whether the lobby display shows the IKM.

The values are site settings (``db.settings``: ``survey_*`` and ``display_ikm``), saved
with ``db.admin.save_settings`` like the other settings: checked by their rules, audited,
and refused as a conflict when another administrator changed one meanwhile.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QVBoxLayout, QWidget

from db.roles import Actor
from supervisor.admin_common import SiteSettingsPanel
from ui.backend import Backend
from ui.i18n import register, tr

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


class SurveySettingsPanel(SiteSettingsPanel):
    """The survey's site settings: three questions to add, two places, two times, the period."""

    def __init__(self, backend: Backend, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(backend, actor, "supervisor.admin.survey", parent)
        self.flags: dict[str, QCheckBox] = {key: QCheckBox(self) for key in (*ASK_FLAGS, *PLACE_FLAGS)}
        self.asks_box, self.where_box = QGroupBox(self), QGroupBox(self)
        asks = QVBoxLayout(self.asks_box)
        for key in ASK_FLAGS:
            asks.addWidget(self.flags[key])
        form = QFormLayout(self.where_box)
        for key in PLACE_FLAGS:
            form.addRow(self.flags[key])
        for key, hint in (("survey_idle_seconds", "idle_hint"), ("survey_wake_minutes", "wake_hint")):
            self.add_number(form, key, hint)
        self.period = QComboBox(self)
        self.period.setObjectName("surveyPeriod")
        for kind in PERIODS:
            self.period.addItem("", kind)
        self.add_row(form, "survey_period", self.period)
        self.lay_out("saveSurveySettings", (self.asks_box, self.where_box))

    def translate_form(self) -> None:
        """The boxes' titles, the flags' texts and the periods' names in the current language."""
        self.asks_box.setTitle(tr("supervisor.admin.survey.asks"))
        self.where_box.setTitle(tr("supervisor.admin.survey.where"))
        for key, box in self.flags.items():
            box.setText(tr(f"supervisor.admin.survey.{key}"))
        for i, kind in enumerate(PERIODS):
            self.period.setItemText(i, tr(f"supervisor.admin.survey.period.{kind}"))

    def fill_form(self, read: dict[str, Any]) -> None:
        """Show the flags and the period as read."""
        for key, box in self.flags.items():
            box.setChecked(bool(read.get(key)))
        self.period.setCurrentIndex(max(0, self.period.findData(read.get("survey_period"))))

    def values(self) -> dict[str, Any]:
        """Every survey setting as the form shows it."""
        shown: dict[str, Any] = {key: box.isChecked() for key, box in self.flags.items()}
        shown.update({key: spin.value() for key, spin in self.numbers.items()})
        shown["survey_period"] = self.period.currentData()
        return shown
