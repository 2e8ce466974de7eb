"""The answer faces are drawn, not taken from an emoji font: colour and mouth tell the answer."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from ui.faces import FACE_COLOURS, face_colour, face_pixmap


def test_each_face_is_filled_with_its_colour(qapp: QApplication) -> None:
    for value in (1, 2, 3, 4):
        image = face_pixmap(value, 100).toImage()
        # the cheek: inside the circle, away from the eyes and the mouth
        assert image.pixelColor(20, 50).name() == QColor(FACE_COLOURS[value]).name()
        assert image.pixelColor(1, 1).alpha() == 0  # outside the circle: transparent
    assert face_colour(1) == "#d32f2f" and face_colour(4) == "#2e7d32"


def test_the_mouth_frowns_for_the_worst_and_smiles_for_the_best(qapp: QApplication) -> None:
    def mouth_rows(value: int) -> list[int]:
        """Rows of the lower half where dark ink crosses the middle column."""
        image = face_pixmap(value, 200).toImage()
        return [y for y in range(100, 190) if image.pixelColor(100, y).lightness() < 60]

    sad, happy = mouth_rows(1), mouth_rows(4)
    # the frown's middle sits higher than its ends; the open smile's middle hangs low and is filled
    assert sad and happy and min(sad) < min(happy) and len(happy) > len(sad)


def test_a_dimmed_face_is_paler(qapp: QApplication) -> None:
    plain = face_pixmap(1, 100).toImage().pixelColor(20, 50)
    dim = face_pixmap(1, 100, dimmed=True).toImage().pixelColor(20, 50)
    assert dim.lightness() > plain.lightness()


def test_there_are_four_faces_only() -> None:
    with pytest.raises(ValueError, match="1..4"):
        face_colour(5)
