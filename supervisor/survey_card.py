"""The IKM card at the top of the "Survei" tab: the index large in its grade's colour, the
grade, the respondents against the Krejcie–Morgan minimum sample (with a bar), how many
answered all nine elements, and the anti-corruption (WBK) index when it was asked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QProgressBar, QWidget

from db.render.numbers import number
from supervisor.survey_data import GRADE_COLOURS, SurveyView, index_text
from ui.i18n import register, retranslate_on_switch, tr
from ui.theme import MUTED

TEXTS: dict[str, dict[str, str]] = {
    "supervisor.survey.ikm": {"id": "Indeks Kepuasan Masyarakat (IKM)", "en": "Community Satisfaction Index (IKM)"},
    "supervisor.survey.no_ikm": {
        "id": "Belum ada IKM: setiap unsur perlu dijawab sedikitnya sekali.",
        "en": "No IKM yet: every element needs at least one answer."},
    "supervisor.survey.grade": {"id": "Mutu {letter} · {name}", "en": "Grade {letter} · {name}"},
    "supervisor.survey.respondents": {"id": "Responden: {n} dari sampel minimum {target}",
                                      "en": "Respondents: {n} of a minimum sample of {target}"},
    "supervisor.survey.sample_basis": {
        "id": "Sampel minimum (Krejcie–Morgan) dari {visitors} pengunjung periode sebelumnya.",
        "en": "Minimum sample (Krejcie–Morgan) from {visitors} visitors in the previous period."},
    "supervisor.survey.complete": {"id": "Mengisi kesembilan unsur: {n}", "en": "Answered all nine elements: {n}"},
    "supervisor.survey.wbk": {"id": "Indeks Persepsi Antikorupsi (WBK): {value}",
                              "en": "Anti-corruption Perception Index (WBK): {value}"},
}
register(TEXTS)


class IndexCard(QFrame):
    """The period's IKM in figures; :meth:`show_view` fills it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ikmCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#ikmCard { background: white; border: 1px solid #c9d3de; border-radius: 6px; }")
        grid = QGridLayout(self)
        grid.setContentsMargins(14, 10, 14, 10)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(4)
        self.ikm_caption = QLabel()
        self.ikm_caption.setStyleSheet(f"font-size: 11pt; color: {MUTED};")
        self.ikm_value = QLabel()
        self.ikm_value.setObjectName("ikmValue")
        self.ikm_value.setStyleSheet("font-size: 34pt; font-weight: bold;")
        self.grade_label = QLabel()
        self.grade_label.setObjectName("gradeLabel")
        self.grade_label.setWordWrap(True)
        self.respondents_label = QLabel()
        self.respondents_label.setObjectName("respondentsLabel")
        self.respondents_label.setStyleSheet("font-size: 11pt;")
        self.sample_bar = QProgressBar()
        self.sample_bar.setObjectName("sampleBar")
        self.sample_bar.setFixedHeight(16)
        self.sample_bar.setFormat("%p%")
        self.sample_label = QLabel()
        self.sample_label.setWordWrap(True)
        self.sample_label.setStyleSheet(f"font-size: 10pt; color: {MUTED};")
        self.complete_label = QLabel()
        self.complete_label.setStyleSheet("font-size: 10.5pt;")
        self.wbk_label = QLabel()
        self.wbk_label.setObjectName("wbkLabel")
        self.wbk_label.setStyleSheet("font-size: 10.5pt;")
        grid.addWidget(self.ikm_caption, 0, 0, 1, 2)
        grid.addWidget(self.ikm_value, 1, 0, 2, 1, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(self.grade_label, 1, 1)
        grid.addWidget(self.respondents_label, 2, 1)
        grid.addWidget(self.sample_bar, 3, 0, 1, 2)
        grid.addWidget(self.sample_label, 4, 0, 1, 2)
        grid.addWidget(self.complete_label, 5, 0)
        grid.addWidget(self.wbk_label, 5, 1)
        grid.setColumnStretch(1, 1)
        retranslate_on_switch(self)

    def translate_ui(self) -> None:
        """The caption in the current language (the figures come with :meth:`show_view`)."""
        self.ikm_caption.setText(tr("supervisor.survey.ikm"))

    def show_view(self, view: SurveyView, lang: str) -> None:
        """Show the IKM of ``view`` written in ``lang``."""
        self.ikm_value.setText(index_text(view.index, lang))
        colour = GRADE_COLOURS.get(view.grade, MUTED)
        self.ikm_value.setStyleSheet(f"font-size: 34pt; font-weight: bold; color: {colour};")
        if view.grade:
            self.grade_label.setText(tr("supervisor.survey.grade", letter=view.grade, name=view.grade_name(lang)))
            self.grade_label.setStyleSheet(f"font-size: 17pt; font-weight: bold; color: {colour};")
        else:
            self.grade_label.setText(tr("supervisor.survey.no_ikm"))
            self.grade_label.setStyleSheet(f"font-size: 11pt; color: {MUTED};")
        self.respondents_label.setText(tr("supervisor.survey.respondents", n=number(view.respondents, lang),
                                          target=number(view.target, lang)))
        self.sample_bar.setRange(0, max(1, view.target))
        self.sample_bar.setValue(min(view.respondents, max(1, view.target)))
        self.sample_label.setText(tr("supervisor.survey.sample_basis", visitors=number(view.previous_visitors, lang)))
        self.complete_label.setText(tr("supervisor.survey.complete", n=number(view.complete, lang)))
        self.wbk_label.setVisible(view.wbk_index is not None)
        if view.wbk_index is not None:
            self.wbk_label.setText(tr("supervisor.survey.wbk", value=index_text(view.wbk_index, lang)))
