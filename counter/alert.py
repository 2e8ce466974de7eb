"""The "someone is waiting" sound of an idle counter.

QtMultimedia is imported on the first sound only, so it costs nothing at start-up.
A missing audio device or a broken backend never disturbs the counter (``ui.sound``
keeps time silently and logs once).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject

log = logging.getLogger("antrian.counter.alert")


class WaitingSound(QObject):
    """Plays the short confirm "blip" from ``ui.sound``, synthesised into ``cache_dir``."""

    def __init__(self, cache_dir: Path, parent: QObject | None = None, *, use_device: bool | None = None) -> None:
        super().__init__(parent)
        self.cache_dir = cache_dir
        self.use_device = use_device
        self.played = 0
        self._player: object | None = None
        self._path: Path | None = None

    def play(self) -> None:
        """Play the sound once (never raises)."""
        self.played += 1
        try:
            if self._player is None:
                from ui.sound import SoundPlayer, blip_path

                self._path = blip_path(self.cache_dir)
                self._player = SoundPlayer(self, use_device=self.use_device)
            self._player.play(self._path)  # type: ignore[attr-defined]
        except Exception:
            log.exception("cannot play the waiting sound")
