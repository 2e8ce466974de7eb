"""Look and feel shared by the apps: font, palette, sizes in millimetres, readable colours."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from db.bundle import fonts_dir

FONT_FAMILIES = ("Noto Sans", "DejaVu Sans", "Segoe UI", "Arial")
BACKGROUND = "#f4f6f9"
INK = "#1b1f24"
MUTED = "#5f6b7a"
ACCENT = "#0d47a1"
DANGER = "#c62828"
WARNING = "#ef6c00"
OK = "#2e7d32"


def apply_theme(app: QApplication) -> None:
    """Fusion style, a light palette and the first installed font of FONT_FAMILIES (the
    bundle's own DejaVu Sans counts as installed). Applying it again is cheap: a new
    style re-polishes every widget (36 ms a time), so the same style is not set twice."""
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    bundled = fonts_dir()
    for path in sorted(bundled.glob("*.ttf")) if bundled is not None else []:
        QFontDatabase.addApplicationFont(str(path))
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


def restyle(widget: QWidget, sheet: str) -> None:
    """``widget.setStyleSheet(sheet)`` unless the widget has that sheet already.

    Setting a style sheet re-polishes the widget and its children even when nothing changed
    (0.2-0.6 ms each); the kiosk's screens set theirs again on every resize, language switch
    and message.
    """
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)


def font_family() -> str:
    """The family chosen by :func:`apply_theme`."""
    if QGuiApplication.instance() is None:
        return "DejaVu Sans"
    return QGuiApplication.font().family()


def mm(widget: QWidget | None, millimetres: float) -> int:
    """Pixels for a physical length on the widget's screen (touch targets are set in mm)."""
    screen = widget.screen() if widget is not None else QGuiApplication.primaryScreen()
    dpi = screen.physicalDotsPerInch() if screen is not None else 96.0
    if not 50 <= dpi <= 600:  # virtual screens report nonsense
        dpi = 96.0
    return round(millimetres / 25.4 * dpi)


#: WCAG 2 level AA: the least contrast for normal-size text.
AA_CONTRAST = 4.5


def relative_luminance(colour: str | QColor) -> float:
    """WCAG 2 relative luminance of ``colour`` (0 black … 1 white), from its sRGB channels."""
    c = QColor(colour)

    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast_ratio(a: str | QColor, b: str | QColor) -> float:
    """WCAG 2 contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def text_colour_on(background: str) -> str:
    """The text colour for ``background``: white when it reads at AA (4.5:1) or better, else
    whichever of black and white contrasts more (WCAG relative luminance)."""
    white = contrast_ratio("#ffffff", background)
    if white >= AA_CONTRAST:
        return "#ffffff"
    return "#000000" if contrast_ratio("#000000", background) > white else "#ffffff"
