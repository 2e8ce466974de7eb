"""Look and feel shared by the apps: font, palette, sizes in millimetres, readable colours."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

FONT_FAMILIES = ("Noto Sans", "DejaVu Sans", "Segoe UI", "Arial")
BACKGROUND = "#f4f6f9"
INK = "#1b1f24"
MUTED = "#5f6b7a"
ACCENT = "#0d47a1"
DANGER = "#c62828"
WARNING = "#ef6c00"
OK = "#2e7d32"


def apply_theme(app: QApplication) -> None:
    """Fusion style, a light palette and the first installed font of FONT_FAMILIES."""
    app.setStyle("Fusion")
    families = set(QFontDatabase.families())
    family = next((f for f in FONT_FAMILIES if f in families), app.font().family())
    font = QFont(family)
    font.setPointSize(11)
    app.setFont(font)
    pal = app.palette()
    pal.setColor(QPalette.ColorRole.Window, QColor(BACKGROUND))
    pal.setColor(QPalette.ColorRole.WindowText, QColor(INK))
    pal.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    pal.setColor(QPalette.ColorRole.Text, QColor(INK))
    pal.setColor(QPalette.ColorRole.Button, QColor("#e8ecf1"))
    pal.setColor(QPalette.ColorRole.ButtonText, QColor(INK))
    pal.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    app.setPalette(pal)


def font_family() -> str:
    """The family chosen by :func:`apply_theme`."""
    app = QGuiApplication.instance()
    return app.font().family() if app is not None else "DejaVu Sans"  # type: ignore[union-attr]


def mm(widget: QWidget | None, millimetres: float) -> int:
    """Pixels for a physical length on the widget's screen (touch targets are set in mm)."""
    screen = widget.screen() if widget is not None else QGuiApplication.primaryScreen()
    dpi = screen.physicalDotsPerInch() if screen is not None else 96.0
    if not 50 <= dpi <= 600:  # virtual screens report nonsense
        dpi = 96.0
    return round(millimetres / 25.4 * dpi)


def text_colour_on(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (WCAG relative luminance)."""
    c = QColor(background)

    def channel(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())
    return "#000000" if (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) else "#ffffff"
