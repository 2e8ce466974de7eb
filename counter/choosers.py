"""Small keyboard-first choosers: the service to transfer to, the reason for a pause.

A :class:`ChoiceDialog` is opened with ``open()`` (window-modal, never a nested event
loop) and reports the choice through ``chosen(value)``. Digits 1–9 pick an option at
once, ↑/↓ and Enter work as usual, Esc cancels.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QPushButton, QVBoxLayout, QWidget

from counter.texts import TEXTS
from db.records import ServiceQueue
from ui.choice import OTHER
from ui.choice import ChoiceDialog as BaseChoiceDialog
from ui.i18n import tr, translator

PAUSE_REASONS = ("counter.pause.break", "counter.pause.prayer", "counter.pause.meeting")


class ChoiceDialog(BaseChoiceDialog):
    """Pick one of a few options; ``chosen(value)`` once accepted.

    ``options`` are ``(value, text)`` pairs. The value :data:`OTHER` shows a line edit
    for free text; its typed text becomes the value.
    """

    def __init__(self, title: str, options: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # never narrower than its options
        layout.setContentsMargins(20, 18, 20, 18)
        layout.setSpacing(12)
        heading = QLabel(title)
        heading.setStyleSheet("font-size: 17pt; font-weight: bold;")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.add_choices(layout, options, point_size=14, padding=8, row_height=46, min_width=480,
                         other_hint=tr("counter.pause.other_hint"), other_point_size=14)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(tr("counter.choose.cancel"))
        self.ok_button = QPushButton(tr("counter.choose.ok"))
        for b in (self.cancel_button, self.ok_button):
            b.setMinimumHeight(44)
            b.setStyleSheet("font-size: 13pt; padding: 4px 18px;")
            b.setAutoDefault(False)
            buttons.addWidget(b)
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self._accept_current)
        layout.addLayout(buttons)
        self.list.setFocus()


def transfer_dialog(label: str, current_code: str, services: tuple[ServiceQueue, ...], parent: QWidget | None) -> ChoiceDialog:
    """The chooser of the service to send ticket ``label`` to (active services but its own)."""
    english = translator().language == "en"
    options = [
        (s.code, tr("counter.transfer.option", code=s.code, name=s.name_en if english else s.name_id, n=s.waiting))
        for s in services
        if s.active and s.code != current_code
    ]
    return ChoiceDialog(tr("counter.transfer.title", label=label), options, parent)


def pause_dialog(parent: QWidget | None) -> ChoiceDialog:
    """The chooser of the pause reason: break, prayer, meeting, or typed text.

    The stored reason is the Indonesian word (the site's first language), so every
    screen shows the same reason whatever language the officer reads.
    """
    options = [(TEXTS[key]["id"], tr(key)) for key in PAUSE_REASONS]
    options.append((OTHER, tr("counter.pause.other")))
    return ChoiceDialog(tr("counter.pause.title"), options, parent)
