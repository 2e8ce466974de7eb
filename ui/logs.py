"""Logging for the apps: a logger per package, Qt's messages routed in, a rotating file.

``--json-logging`` writes one JSON object per line to stderr; end-to-end tests read it.

Qt's own messages go to the logger ``antrian.qt``, or ``antrian.qt.<category>`` when Qt
names a logging category (``antrian.qt.qt.multimedia.ffmpeg``), as qutebrowser's ``qtlog``
does; the record also carries the category as ``qt_category`` (a field of its own in the
JSON lines). This module imports no Qt Multimedia: the apps that play no sound never load it.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import re
import sys
import time
from io import TextIOWrapper
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

from db.database import mask_url
from db.files import make_private, private_dir

#: Regular expressions for the Qt warnings QtMultimedia (FFmpeg backend) prints
#: on a machine without sound hardware or sound server (optional PipeWire/VA-API
#: libraries missing, PulseAudio unreachable, playing with no device).  Tests that
#: touch QtMultimedia pass them to ``pytest.mark.qt_log_ignore(..., extend=True)``;
#: ``ui.sound`` re-exports them.
NO_AUDIO_QT_WARNINGS: tuple[str, ...] = (
    r"^Couldn't (load|resolve) (pipewire-0\.3|va|va-drm|va-x11|va\(in plugin\)) (library|symbols)$",
    r"^PulseAudioService: pa_context_connect\(\) failed$",
    r"^No audio device detected$",
)

#: The logger Qt's messages go to; a message with a category goes to a child of it.
QT_LOGGER = "antrian.qt"

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message and any ``extra`` fields."""

    _PLAIN = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "t": round(record.created, 6),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in self._PLAIN and not key.startswith("_"):
                data[key] = value if isinstance(value, (str, int, float, bool, type(None), list, dict)) else str(value)
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


# Qt Multimedia's start-up chatter on a PC without PipeWire, VA-API or a sound card:
# expected, so logged as INFO rather than as warnings an operator would chase.
_EXPECTED = re.compile(r"|".join(f"(?:{p})" for p in NO_AUDIO_QT_WARNINGS))


def qt_logger_name(category: str | None) -> str:
    """The logger for a Qt message of ``category``: ``antrian.qt``, or ``antrian.qt.<category>``."""
    return QT_LOGGER if not category or category == "default" else f"{QT_LOGGER}.{category}"


def _qt_handler(mode: QtMsgType, context: QMessageLogContext | None, message: str) -> None:
    """Route one Qt message into ``logging``, with its category, file, line and function when Qt gives them."""
    level = _QT_LEVELS.get(mode, logging.WARNING)
    if level == logging.WARNING and _EXPECTED.search(message):
        level = logging.INFO
    category = getattr(context, "category", None) or "default"
    logger = logging.getLogger(qt_logger_name(category))
    if not logger.isEnabledFor(level):
        return
    record = logger.makeRecord(
        logger.name, level, getattr(context, "file", None) or "(qt)", getattr(context, "line", 0) or 0,
        "%s", (message,), None, func=getattr(context, "function", None), extra={"qt_category": category},
    )
    logger.handle(record)


class MaskPasswords(logging.Filter):
    """Replaces the password of any database URL in a record's text by ``***`` (db.database.mask_url)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message in place; never drops a record."""
        text = record.getMessage()
        masked = mask_url(text)
        if masked != text:
            record.msg, record.args = masked, ()
        return True


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file readable by its owner only (0600 on Linux, whatever the umask)."""

    def _open(self) -> TextIOWrapper:
        stream = super()._open()
        make_private(self.baseFilename)  # each new file after a rollover too
        return stream


def setup_logging(app: str, log_dir: Path | None, *, json_logging: bool = False, level: int = logging.INFO) -> Path | None:
    """Configure the ``antrian`` loggers for one app process; return the log file path if any."""
    root = logging.getLogger("antrian")
    root.setLevel(level)
    root.handlers.clear()
    root.propagate = False
    stream = logging.StreamHandler(sys.stderr)
    if json_logging:
        stream.setFormatter(JsonFormatter())
    else:
        stream.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s", "%H:%M:%S"))
    stream.addFilter(MaskPasswords())
    root.addHandler(stream)
    path = None
    if log_dir is not None:
        try:
            private_dir(log_dir)
            path = log_dir / f"antrian-{app}.log"
            handler = PrivateRotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
            handler.addFilter(MaskPasswords())
            root.addHandler(handler)
        except OSError as e:  # a read-only disk must not stop the kiosk
            root.warning("cannot write log file in %s: %s", log_dir, e)
            path = None
    logging.Formatter.converter = time.localtime
    qInstallMessageHandler(_qt_handler)
    return path
