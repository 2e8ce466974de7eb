"""The optional media area: a slideshow of the images in the ``media_dir`` folder.

Listing the folder and decoding images run on a background thread of their own (a
folder on a network share may be slow; the database's task runner must not wait for
it). The pane reports whether it has anything to show; the board hides it otherwise.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from display.style import PANEL_ALT
from ui.tasks import TaskRunner

log = logging.getLogger("antrian.display.media")

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp")
SLIDE_MS = 10_000


def list_images(folder: Path) -> list[Path]:
    """The image files directly in ``folder``, by name; empty when it cannot be read."""
    try:
        return sorted((p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()),
                      key=lambda p: p.name.lower())
    except OSError as e:
        log.warning("cannot read the media folder %s: %s", folder, e)
        return []


def load_image(path: Path, size: QSize) -> QImage:
    """``path`` decoded and scaled to fit ``size`` (aspect kept); a null image on failure."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    original = reader.size()
    if original.isValid() and size.width() > 0 and size.height() > 0:
        reader.setScaledSize(original.scaled(size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        log.warning("cannot show %s: %s", path, reader.errorString())
    return image


class MediaPane(QWidget):
    """Shows the folder's images one after another; ``available(bool)`` tells if it has any."""

    available = Signal(bool)

    def __init__(self, parent: QWidget | None = None, *, slide_ms: int = SLIDE_MS) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._runner = TaskRunner(self)
        self._folder: Path | None = None
        self._files: list[Path] = []
        self._index = -1
        self._image: QImage | None = None
        self.has_images = False
        self._timer = QTimer(self)
        self._timer.setInterval(slide_ms)
        self._timer.timeout.connect(self.next_image)

    def set_folder(self, folder: str | Path | None) -> None:
        """Show the images of ``folder`` (None or "": nothing, the pane is unavailable)."""
        path = Path(folder).expanduser() if folder else None
        if path == self._folder:
            return
        self._folder = path
        self._image = None
        self._index = -1
        if path is None:
            self._set_files([])
            return
        self._runner.run(lambda: list_images(path), lambda files: self._on_listed(path, files))

    def _on_listed(self, folder: Path, files: list[Path]) -> None:
        if folder != self._folder:
            return
        self._set_files(files)

    def _set_files(self, files: list[Path]) -> None:
        self._files = files
        had = self.has_images
        self.has_images = bool(files)
        if self.has_images:
            self._timer.start()
            if self._image is None:
                self.next_image()
        else:
            self._timer.stop()
            self.update()
        if had != self.has_images:
            self.available.emit(self.has_images)

    def next_image(self) -> None:
        """Load the next image (the folder is listed again after the last one)."""
        if not self._files or self._folder is None:
            return
        self._index += 1
        folder = self._folder
        if self._index >= len(self._files):
            self._index = 0
            self._runner.run(lambda: list_images(folder), lambda files: self._on_listed(folder, files))
        path = self._files[self._index % len(self._files)]
        size = self.size()
        self._runner.run(lambda: load_image(path, size), self._on_loaded)

    def _on_loaded(self, image: QImage) -> None:
        if not image.isNull():
            self._image = image
            self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Load the current image again at the new size."""
        super().resizeEvent(event)
        if self._files and self._index >= 0:
            self._index -= 1
            self.next_image()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The current image, centred on a dark ground."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(PANEL_ALT))
        if self._image is not None:
            scaled = self._image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect((self.width() - scaled.width()) // 2, (self.height() - scaled.height()) // 2,
                           scaled.width(), scaled.height())
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, self._image)
        painter.end()

    def shutdown(self) -> None:
        """Stop the slideshow and wait for a load in flight."""
        self._timer.stop()
        self._runner.wait(2000)
