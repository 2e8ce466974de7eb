"""Logging for the apps: a logger per package, Qt's messages routed in, a rotating file.

``--json-logging`` writes one JSON object per line to stderr; end-to-end tests read it.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import re
import sys
import time
from pathlib import Path

from PySide6.QtCore import QtMsgType, qInstallMessageHandler

from db.database import mask_url
from db.files import make_private, private_dir
from ui.sound import NO_AUDIO_QT_WARNINGS

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


def _qt_handler(mode: QtMsgType, context: object, message: str) -> None:
    level = _QT_LEVELS.get(mode, logging.WARNING)
    if level == logging.WARNING and _EXPECTED.search(message):
        level = logging.INFO
    logging.getLogger("antrian.qt").log(level, "%s", message)


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

    def _open(self):  # type: ignore[no-untyped-def]
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
