"""The parts of a sign-in page the counter and the console share: the site line with the
language button, the white card with its heading, user and password fields, message and button.

Each app's page lays them out and gives them their texts; what happens on submit is its own.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from ui.i18n import translator
from ui.theme import ACCENT, MUTED

CARD_STYLE = "QFrame#card { background: white; border: 1px solid #d5dbe3; border-radius: 12px; }"


def site_row() -> tuple[QHBoxLayout, QLabel, QPushButton]:
    """The line above the card: the site's name (left) and the language button (right, switching
    the language)."""
    top = QHBoxLayout()
    site = QLabel()
    site.setStyleSheet(f"font-size: 13pt; color: {MUTED};")
    language_button = QPushButton()
    language_button.setObjectName("languageButton")
    language_button.setStyleSheet("font-size: 11pt; padding: 6px 14px;")
    language_button.clicked.connect(translator().toggle)
    top.addWidget(site, 1)
    top.addWidget(language_button)
    return top, site, language_button


def card(fields: str, min_width: int, max_width: int) -> tuple[QFrame, QVBoxLayout, QLabel]:
    """The white card (``card``; its labels and its input widgets, the selector ``fields``, styled
    alike), its column and the heading (``signInHeading``) already in it."""
    frame = QFrame()
    frame.setObjectName("card")
    frame.setStyleSheet(
        f"{CARD_STYLE}{fields} {{ font-size: 14pt; padding: 6px; min-height: 30px; }} QLabel {{ font-size: 13pt; }}"
    )
    frame.setMinimumWidth(min_width)
    frame.setMaximumWidth(max_width)
    box = QVBoxLayout(frame)
    box.setContentsMargins(32, 26, 32, 26)
    box.setSpacing(14)
    heading = QLabel()
    heading.setObjectName("signInHeading")
    heading.setStyleSheet(f"font-size: 22pt; font-weight: bold; color: {ACCENT};")
    box.addWidget(heading)
    return frame, box, heading


def credentials() -> tuple[QLineEdit, QLineEdit]:
    """The user name (``userEdit``) and password (``passwordEdit``, hidden) fields."""
    user = QLineEdit()
    user.setObjectName("userEdit")
    user.setMaxLength(60)
    password = QLineEdit()
    password.setObjectName("passwordEdit")
    password.setEchoMode(QLineEdit.EchoMode.Password)
    return user, password


def message_label() -> QLabel:
    """The sentence above the button (``signInMessage``), hidden until there is one."""
    message = QLabel()
    message.setObjectName("signInMessage")
    message.setWordWrap(True)
    message.hide()
    return message


def submit_button() -> QPushButton:
    """The big sign-in button (``signInButton``), paler while disabled."""
    button = QPushButton()
    button.setObjectName("signInButton")
    button.setMinimumHeight(52)
    button.setStyleSheet(
        f"QPushButton {{ background: {ACCENT}; color: white; font-size: 15pt; font-weight: bold;"
        " border-radius: 8px; } QPushButton:disabled { background: #9fb3d1; }"
    )
    return button
