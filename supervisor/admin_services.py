"""The "Layanan" sub-page: every service in a table, and a form to add or change one
(codes, names, descriptions, colour, hours per weekday, quota, standards, active, and for
online bookings the quota per time slot and what a visitor brings)."""

from __future__ import annotations

from PySide6.QtCore import QTime
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from db import admin
from db.roles import Actor
from db.siteconfig import REQUIREMENTS_MAX
from db.sitetime import WEEKDAYS
from supervisor.admin_common import TablePanel, button_row, fill_table, yes_no
from ui.backend import Backend
from ui.i18n import retranslate_on_switch, tr
from ui.theme import MUTED, text_colour_on

DEFAULT_OPEN, DEFAULT_CLOSE = "08:00", "15:00"
NO_LIMIT = -1  # the booking quota box's "Tanpa batas" (stored as no quota at all)


class RequirementsEdit(QPlainTextEdit):
    """What a visitor brings, a few short lines, at most :data:`REQUIREMENTS_MAX` characters
    (longer text is cut as it is typed or pasted)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.textChanged.connect(self._cut)

    def _cut(self) -> None:
        text = self.toPlainText()
        if len(text) > REQUIREMENTS_MAX:
            self.setPlainText(text[:REQUIREMENTS_MAX])
            self.moveCursor(self.textCursor().MoveOperation.End)


class HoursEditor(QWidget):
    """Opening hours per weekday: a day ticked opens from one time to another; "always open"
    stands for no hours at all (the site file's empty ``hours``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.always = QCheckBox(self)
        grid.addWidget(self.always, 0, 0, 1, 3)
        self.days: dict[str, tuple[QCheckBox, QTimeEdit, QTimeEdit]] = {}
        for row, day in enumerate(WEEKDAYS, start=1):
            ticked, opens, closes = QCheckBox(self), QTimeEdit(self), QTimeEdit(self)
            for edit in (opens, closes):
                edit.setDisplayFormat("HH:mm")
            grid.addWidget(ticked, row, 0)
            grid.addWidget(opens, row, 1)
            grid.addWidget(closes, row, 2)
            ticked.toggled.connect(self._enable)
            self.days[day] = (ticked, opens, closes)
        self.always.toggled.connect(self._enable)
        self.set_hours({})

    def set_hours(self, hours: dict[str, list[str]]) -> None:
        """Show ``hours`` as the site file holds them."""
        self.always.setChecked(not hours)
        for day, (ticked, opens, closes) in self.days.items():
            span = hours.get(day)
            ticked.setChecked(span is not None)
            opens.setTime(QTime.fromString(span[0] if span else DEFAULT_OPEN, "HH:mm"))
            closes.setTime(QTime.fromString(span[1] if span else DEFAULT_CLOSE, "HH:mm"))
        self._enable()

    def hours(self) -> dict[str, list[str]]:
        """The hours as the site file holds them (``{}``: always open)."""
        if self.always.isChecked():
            return {}
        return {day: [opens.time().toString("HH:mm"), closes.time().toString("HH:mm")]
                for day, (ticked, opens, closes) in self.days.items() if ticked.isChecked()}

    def _enable(self) -> None:
        free = not self.always.isChecked()
        for ticked, opens, closes in self.days.values():
            ticked.setEnabled(free)
            opens.setEnabled(free and ticked.isChecked())
            closes.setEnabled(free and ticked.isChecked())

    def translate_ui(self) -> None:
        """Set the texts in the current language."""
        self.always.setText(tr("supervisor.admin.always_open"))
        for day, (ticked, _, _) in self.days.items():
            ticked.setText(tr(f"supervisor.admin.day.{day}"))


class ColourButton(QPushButton):
    """Shows a colour as its own background; a click opens the colour picker."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colour = "#1565c0"
        self.clicked.connect(self._pick)
        self.set_colour(self.colour)

    def set_colour(self, colour: str) -> None:
        """Show ``colour`` (``#rrggbb``)."""
        self.colour = colour
        self.setText(colour)
        self.setStyleSheet(f"background: {colour}; color: {text_colour_on(colour)}; padding: 6px 18px; "
                           "border: 1px solid #5f6b7a; border-radius: 3px;")

    def choose(self) -> QColor:
        """Ask for a colour (replaced in tests; the dialog is modal)."""
        return QColorDialog.getColor(QColor(self.colour), self, tr("supervisor.admin.choose_colour"))

    def _pick(self) -> None:
        chosen = self.choose()
        if chosen.isValid():
            self.set_colour(chosen.name())


class ServicesPanel(TablePanel):
    """The services: a table of all of them, and the form of the one selected (or a new one)."""

    def __init__(self, backend: Backend, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(backend, actor, ("code", "name", "colour", "col.quota", "col.booking", "col.standard", "active"),
                         "code", parent)
        self.specs: list[admin.ServiceSpec] = []
        self.editing: admin.ServiceSpec | None = None  # as read; None: a new service

        self.code = QLineEdit(self)
        self.code.setMaxLength(3)
        self.name_id, self.name_en = QLineEdit(self), QLineEdit(self)
        self.description_id, self.description_en = QLineEdit(self), QLineEdit(self)
        self.colour = ColourButton(self)
        self.quota = QSpinBox(self)
        self.quota.setRange(0, 100_000)
        self.target_wait, self.target_service = QSpinBox(self), QSpinBox(self)
        for box in (self.target_wait, self.target_service):
            box.setRange(1, 24 * 60)
        self.sort_order = QSpinBox(self)
        self.sort_order.setRange(0, 9999)
        self.active = QCheckBox(self)
        self.hours = HoursEditor(self)
        self.booking_quota = QSpinBox(self)
        self.booking_quota.setObjectName("bookingQuota")
        self.booking_quota.setRange(NO_LIMIT, 100_000)
        self.booking_hint = QLabel(self)
        self.booking_hint.setStyleSheet(f"color: {MUTED};")
        self.booking_hint.setWordWrap(True)
        self.requirements_id, self.requirements_en = RequirementsEdit(self), RequirementsEdit(self)

        self.form = QFormLayout()
        self.labels = {key: QLabel(self) for key in (
            "code", "name_id", "name_en", "description_id", "description_en", "colour", "quota", "target_wait",
            "target_service", "sort_order")}
        for key, field in (("code", self.code), ("name_id", self.name_id), ("name_en", self.name_en),
                           ("description_id", self.description_id), ("description_en", self.description_en),
                           ("colour", self.colour), ("quota", self.quota), ("target_wait", self.target_wait),
                           ("target_service", self.target_service), ("sort_order", self.sort_order)):
            self.form.addRow(self.labels[key], field)
        self.form.addRow("", self.active)
        self.hours_box = QGroupBox(self)
        QVBoxLayout(self.hours_box).addWidget(self.hours)
        self.booking_box = QGroupBox(self)
        booking = QFormLayout(self.booking_box)
        for key in ("booking_quota", "requirements_id", "requirements_en"):
            self.labels[key] = QLabel(self)
        booking.addRow(self.labels["booking_quota"], button_row((self.booking_quota,)))
        booking.addRow("", self.booking_hint)
        booking.addRow(self.labels["requirements_id"], self.requirements_id)
        booking.addRow(self.labels["requirements_en"], self.requirements_en)

        buttons = self.edit_buttons()

        # The form scrolls when the window is short (1366×768 under the console's header).
        form_page = QWidget(self)
        fields = QVBoxLayout(form_page)
        fields.setContentsMargins(0, 0, 8, 0)
        fields.addLayout(self.form)
        fields.addWidget(self.hours_box)
        fields.addWidget(self.booking_box)
        fields.addStretch(1)
        self.form_scroll = QScrollArea(self)
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll.setWidget(form_page)
        right = QVBoxLayout()
        right.addWidget(self.form_scroll, 1)
        self.lay_out(right, buttons)
        retranslate_on_switch(self)
        self.start_new()

    def translate_form(self) -> None:
        """The quota's "no limit" and the hours in the current language."""
        self.quota.setSpecialValueText(tr("supervisor.admin.no_limit"))
        self.hours_box.setTitle(tr("supervisor.admin.hours"))
        self.hours.translate_ui()
        self.booking_quota.setSpecialValueText(tr("supervisor.admin.no_limit"))
        self.booking_box.setTitle(tr("supervisor.admin.booking"))
        self.booking_hint.setText(tr("supervisor.admin.booking_hint"))
        for edit in (self.requirements_id, self.requirements_en):
            edit.setPlaceholderText(tr("supervisor.admin.requirements_hint"))

    def reload(self) -> None:
        """Read every service again."""
        db, actor = self.backend.db, self.actor
        self.run(lambda: admin.services(db, actor), self._loaded, reading=True)

    def _fill(self) -> None:
        fill_table(self.table, [[v.code, v.name_id, v.colour, v.daily_quota or "–", booking_text(v.booking_quota),
                                 f"{v.target_wait_min} / {v.target_service_min}", yes_no(v.active)]
                                for v in self.specs], [v.code for v in self.specs])
        for r, v in enumerate(self.specs):  # the colour column in its colour
            item = self.table.item(r, 2)
            assert item is not None
            item.setBackground(QColor(v.colour))
            item.setForeground(QColor(text_colour_on(v.colour)))

    def _show(self, spec: admin.ServiceSpec) -> None:
        self.editing = spec
        self.code.setText(spec.code)
        self.code.setReadOnly(True)
        self.name_id.setText(spec.name_id)
        self.name_en.setText(spec.name_en)
        self.description_id.setText(spec.description_id)
        self.description_en.setText(spec.description_en)
        for edit in (self.name_id, self.name_en, self.description_id, self.description_en):
            edit.setCursorPosition(0)
        self.colour.set_colour(spec.colour)
        self.quota.setValue(spec.daily_quota or 0)
        self.target_wait.setValue(spec.target_wait_min)
        self.target_service.setValue(spec.target_service_min)
        self.sort_order.setValue(spec.sort_order)
        self.active.setChecked(spec.active)
        self.hours.set_hours(spec.hours)
        self.booking_quota.setValue(NO_LIMIT if spec.booking_quota is None else spec.booking_quota)
        self.requirements_id.setPlainText(spec.requirements_id)
        self.requirements_en.setPlainText(spec.requirements_en)

    def start_new(self) -> None:
        """Clear the form for a new service (placed after the others at the kiosk)."""
        self.table.clearSelection()
        blank = admin.ServiceSpec("", "", "", sort_order=max((v.sort_order for v in self.specs), default=-1) + 1)
        self._show(blank)
        self.editing = None
        self.code.setReadOnly(False)
        self.code.setFocus()

    def form_spec(self) -> admin.ServiceSpec:
        """The service as the form holds it."""
        return admin.ServiceSpec(
            code=self.code.text().strip().upper(), name_id=self.name_id.text(), name_en=self.name_en.text(),
            description_id=self.description_id.text(), description_en=self.description_en.text(),
            colour=self.colour.colour, sort_order=self.sort_order.value(), active=self.active.isChecked(),
            hours=self.hours.hours(), daily_quota=self.quota.value() or None,
            target_wait_min=self.target_wait.value(), target_service_min=self.target_service.value(),
            booking_quota=None if self.booking_quota.value() == NO_LIMIT else self.booking_quota.value(),
            requirements_id=self.requirements_id.toPlainText().strip(),
            requirements_en=self.requirements_en.toPlainText().strip())

    def save(self) -> None:
        """Save the form: add (nothing selected) or change the service as it was read."""
        self.save_spec(self.form_spec(), admin.save_service)


def booking_text(quota: int | None) -> str:
    """A service's booking quota in the table: ``–`` without a limit, ``tidak ada`` for none, else per slot."""
    if quota is None:
        return "–"
    return tr("supervisor.admin.booking_none") if quota == 0 else str(quota)
