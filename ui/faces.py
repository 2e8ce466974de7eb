"""The four faces of a survey answer, drawn with QPainter (no emoji font needed).

Answer 1 is a sad red face, 2 an unhappy orange one, 3 a smiling light green one and 4 a
broad happy green one: the colour and the mouth both tell the answer, so a visitor who
cannot tell red from green still reads it. :func:`draw_face` paints into any rectangle;
:func:`face_pixmap` gives a pixmap for a label or an icon.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap

#: Fill colour of each answer's face (1 worst … 4 best).
FACE_COLOURS: dict[int, str] = {1: "#d32f2f", 2: "#f57c00", 3: "#7cb342", 4: "#2e7d32"}
#: How much the mouth curves, from a frown (−1) to a broad smile (+1).
MOUTH_CURVE: dict[int, float] = {1: -1.0, 2: -0.45, 3: 0.5, 4: 1.0}
INK = "#1b1f24"


def face_colour(value: int) -> str:
    """The fill colour of answer ``value`` (1..4)."""
    if value not in FACE_COLOURS:
        raise ValueError(f"a face is 1..4, not {value!r}")
    return FACE_COLOURS[value]


def draw_face(painter: QPainter, rect: QRectF, value: int, *, dimmed: bool = False) -> None:
    """Paint the face of answer ``value`` (1..4) centred in ``rect`` (the largest circle that
    fits). ``dimmed`` paints it greyed (an answer not chosen while another one is)."""
    colour = QColor(face_colour(value))
    ink = QColor(INK)
    if dimmed:
        colour = QColor(colour.red() // 3 + 160, colour.green() // 3 + 160, colour.blue() // 3 + 160)
        ink = QColor("#6b7480")
    side = min(rect.width(), rect.height())
    circle = QRectF(rect.center().x() - side / 2, rect.center().y() - side / 2, side, side)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    stroke = max(1.5, side * 0.045)
    painter.setPen(QPen(colour.darker(130), stroke))
    painter.setBrush(colour)
    painter.drawEllipse(circle.adjusted(stroke / 2, stroke / 2, -stroke / 2, -stroke / 2))
    cx, cy = circle.center().x(), circle.center().y()
    # Eyes: two dark ovals; the saddest face's eyebrows slant down outwards.
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(ink)
    eye_w, eye_h = side * 0.09, side * 0.14
    for dx in (-0.17, 0.17):
        painter.drawEllipse(QPointF(cx + dx * side, cy - 0.12 * side), eye_w / 2, eye_h / 2)
    pen = QPen(ink, max(2.0, side * 0.06))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if value == 1:
        for sign in (-1, 1):
            inner = QPointF(cx + sign * 0.08 * side, cy - 0.27 * side)
            outer = QPointF(cx + sign * 0.27 * side, cy - 0.22 * side)
            painter.drawLine(inner, outer)
    # Mouth: a quadratic curve whose middle sits below (smile) or above (frown) its ends.
    curve = MOUTH_CURVE[value]
    half = side * (0.2 + 0.04 * abs(curve))
    base_y = cy + side * (0.2 if curve > 0 else 0.26)
    path = QPainterPath(QPointF(cx - half, base_y))
    path.quadTo(QPointF(cx, base_y + curve * side * 0.22), QPointF(cx + half, base_y))
    if value == 4:  # the broadest smile is an open, laughing mouth
        path.closeSubpath()
        painter.setBrush(ink)
    painter.drawPath(path)
    painter.restore()


def face_pixmap(value: int, size: int, *, dimmed: bool = False) -> QPixmap:
    """A transparent ``size``×``size`` pixmap of the face of answer ``value``."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        draw_face(painter, QRectF(0, 0, size, size), value, dimmed=dimmed)
    finally:
        painter.end()
    return pixmap
