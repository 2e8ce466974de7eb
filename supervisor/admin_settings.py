"""The "Pengaturan" sub-page (site names, logo, announcement templates, ticker, media
folder, kiosk PIN) and the "Ekspor/Impor berkas situs" sub-page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db import admin
from db.errors import AntrianError
from db.roles import Actor
from supervisor.admin_common import AdminPanel, button_row
from ui.backend import Backend
from ui.i18n import retranslate_on_switch, tr
from ui.theme import MUTED, OK

# The settings this page edits, in the order shown; each is checked by db.settings.RULES on save.
TEXT_SETTINGS = ("site_name", "site_subtitle", "site_subtitle_en", "logo", "announcement_template_id",
                 "announcement_template_en", "ticker", "ticker_en", "media_dir")
LABELS = {"announcement_template_id": "template_id", "announcement_template_en": "template_en"}


class PathField(QWidget):
    """A path typed or chosen with a file (or folder) dialog."""

    def __init__(self, folder: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.edit = QLineEdit(self)
        self.button = QPushButton(self)
        self.button.clicked.connect(self._choose)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)

    def choose(self) -> str:
        """Ask for a path ("" when cancelled); replaced in tests (the dialogs are modal)."""
        if self.folder:
            return QFileDialog.getExistingDirectory(self, "", self.edit.text())
        return QFileDialog.getOpenFileName(self, "", self.edit.text(), "PNG (*.png);;*")[0]

    def _choose(self) -> None:
        path = self.choose()
        if path:
            self.edit.setText(path)


class SettingsPanel(AdminPanel):
    """The site settings an office changes by hand, and the kiosk PIN."""

    def __init__(self, backend: Backend, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(backend, actor, parent)
        self.read: dict[str, Any] = {}
        self.pin_is_set = False
        self.fields: dict[str, QLineEdit] = {}
        self.paths: dict[str, PathField] = {}
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout()
        for key in TEXT_SETTINGS:
            self.labels[key] = QLabel(self)
            if key in ("logo", "media_dir"):
                self.paths[key] = PathField(key == "media_dir", self)
                self.fields[key] = self.paths[key].edit
                form.addRow(self.labels[key], self.paths[key])
            else:
                self.fields[key] = QLineEdit(self)
                form.addRow(self.labels[key], self.fields[key])
            if key == "announcement_template_en":
                self.template_hint = QLabel(self)
                self.template_hint.setStyleSheet(f"color: {MUTED};")
                form.addRow("", self.template_hint)
        self.save_button, self.reload_button = QPushButton(self), QPushButton(self)
        self.save_button.clicked.connect(self.save)
        self.reload_button.clicked.connect(self.reload)
        buttons = button_row((self.reload_button,), (self.save_button,))

        self.pin_box = QGroupBox(self)
        self.pin_state = QLabel(self.pin_box)
        self.pin = QLineEdit(self.pin_box)
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        self.set_pin_button, self.clear_pin_button = QPushButton(self.pin_box), QPushButton(self.pin_box)
        self.set_pin_button.clicked.connect(lambda: self.set_pin(self.pin.text()))
        self.clear_pin_button.clicked.connect(lambda: self.set_pin(""))
        pin_row = QHBoxLayout(self.pin_box)
        for w in (self.pin_state, self.pin, self.set_pin_button, self.clear_pin_button):
            pin_row.addWidget(w)
        pin_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.pin_box)
        layout.addStretch(1)
        layout.addWidget(self.status)
        retranslate_on_switch(self)

    def translate_ui(self) -> None:
        """Set every text in the current language."""
        for key, label in self.labels.items():
            label.setText(tr(f"supervisor.admin.{LABELS.get(key, key)}"))
        for path in self.paths.values():
            path.button.setText(tr("supervisor.admin.choose"))
        self.template_hint.setText(tr("supervisor.admin.template_hint"))
        self.save_button.setText(tr("supervisor.admin.save"))
        self.reload_button.setText(tr("supervisor.admin.reload"))
        self.pin_box.setTitle(tr("supervisor.admin.kiosk_pin"))
        self.pin.setPlaceholderText(tr("supervisor.admin.pin_hint"))
        self.set_pin_button.setText(tr("supervisor.admin.set_pin"))
        self.clear_pin_button.setText(tr("supervisor.admin.clear_pin"))
        self._pin_text()
        self.status.translate_ui()

    def _pin_text(self) -> None:
        self.pin_state.setText(tr("supervisor.admin.pin_set" if self.pin_is_set else "supervisor.admin.pin_none"))
        self.clear_pin_button.setEnabled(self.pin_is_set)

    def reload(self) -> None:
        """Read the settings (and whether a kiosk PIN is set) again."""
        db, actor = self.backend.db, self.actor
        self.run(lambda: (admin.site_settings(db, actor), admin.kiosk_pin_set(db, actor)), self._loaded, reading=True)

    def _loaded(self, read: tuple[dict[str, Any], bool]) -> None:
        self.read, self.pin_is_set = read
        for key, field in self.fields.items():
            field.setText(str(self.read.get(key, "")))
            field.setCursorPosition(0)  # long texts show their beginning
        self._pin_text()
        self.loaded.emit()

    def changes(self) -> dict[str, str]:
        """The settings whose field differs from what was read."""
        return {key: field.text() for key, field in self.fields.items() if field.text() != self.read.get(key)}

    def save(self) -> None:
        """Save the changed settings; a setting someone else changed since is a conflict."""
        self.save_settings(self.changes(), self.read)

    def set_pin(self, pin: str) -> None:
        """Set the kiosk PIN ("" removes it)."""
        db, actor = self.backend.db, self.actor

        def done(_: None) -> None:
            self.pin.clear()
            self.saved_ok("supervisor.admin.pin_saved" if pin else "supervisor.admin.pin_cleared")

        self.run(lambda: admin.set_kiosk_pin(db, actor, pin), done)


def _read_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise AntrianError(f"cannot read {path}: {e.strerror}") from None
    except UnicodeDecodeError:
        raise AntrianError(f"{path}: not UTF-8 text") from None


def _write_text(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as e:
        raise AntrianError(f"cannot write {path}: {e.strerror}") from None


class SiteFilePanel(AdminPanel):
    """Export the site file, or import one (checked whole, then applied at once)."""

    def __init__(self, backend: Backend, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(backend, actor, parent)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.export_button, self.import_button = QPushButton(self), QPushButton(self)
        self.export_button.clicked.connect(self.export)
        self.import_button.clicked.connect(self.import_)
        row = button_row((self.export_button, self.import_button))
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addStretch(1)
        retranslate_on_switch(self)

    def translate_ui(self) -> None:
        """Set every text in the current language."""
        self.intro.setText(tr("supervisor.admin.sitefile_intro"))
        self.export_button.setText(tr("supervisor.admin.export"))
        self.import_button.setText(tr("supervisor.admin.import"))
        self.status.translate_ui()

    def reload(self) -> None:
        """Nothing is shown from the database here."""
        self.loaded.emit()

    def choose_export_path(self) -> str:
        """Where to export ("" when cancelled); replaced in tests (the dialog is modal)."""
        return QFileDialog.getSaveFileName(self, tr("supervisor.admin.export"), "site.toml", "TOML (*.toml)")[0]

    def choose_import_path(self) -> str:
        """Which file to import ("" when cancelled); replaced in tests (the dialog is modal)."""
        return QFileDialog.getOpenFileName(self, tr("supervisor.admin.import"), "", "TOML (*.toml);;*")[0]

    def export(self) -> None:
        """Write the site file where the administrator chooses."""
        path = self.choose_export_path()
        if not path:
            return
        db, actor = self.backend.db, self.actor
        self.run(lambda: _write_text(path, admin.export_site(db, actor)),
                 lambda _: self.status.say("supervisor.admin.exported", OK, path=path))

    def import_(self) -> None:
        """Apply a site file the administrator chooses; a faulty one changes nothing."""
        path = self.choose_import_path()
        if not path:
            return
        db, actor = self.backend.db, self.actor
        self.run(lambda: admin.import_site(db, actor, _read_text(path), source=path),
                 lambda counts: self.saved_ok("supervisor.admin.imported", **counts))
