"""The board's texts, Indonesian first (registered with :mod:`ui.i18n` at import)."""

from __future__ import annotations

import re

from ui.i18n import register, tr, translator

register({
    "board_now_calling": {"id": "Nomor Antrean", "en": "Now Calling"},
    "board_recalled": {"id": "Panggilan Ulang", "en": "Called Again"},
    "board_go_to": {"id": "→ {counter}", "en": "→ {counter}"},
    "board_no_calls": {"id": "Belum ada panggilan", "en": "No calls yet"},
    "board_please_wait": {"id": "Silakan menunggu nomor Anda dipanggil", "en": "Please wait for your number"},
    "board_history": {"id": "Panggilan Terakhir", "en": "Recent Calls"},
    "board_waiting": {"id": "Nomor Berikutnya", "en": "Next Numbers"},
    "board_take_number": {"id": "Silakan ambil nomor antrean di kiosk", "en": "Please take a number at the kiosk"},
    "board_nobody_waiting": {"id": "—", "en": "—"},
    "board_more_waiting": {"id": "+{n}", "en": "+{n}"},
    "board_counter_name": {"id": "Loket {n}", "en": "Counter {n}"},
    "board_counters": {"id": "Loket", "en": "Counters"},
    "board_offline": {"id": "⚠ Koneksi terputus", "en": "⚠ Offline"},
    "board_connecting": {"id": "Menyambungkan…", "en": "Connecting…"},
    "board_loading": {"id": "Memuat data antrean…", "en": "Loading the queue…"},
    "board_no_counters": {"id": "Belum ada loket aktif", "en": "No counters open"},
    # Short on purpose: it must fit a tile at the 40 px floor; neutral, whatever the reason.
    "board_not_serving": {"id": "Jeda", "en": "Paused"},
    "board_service_closed": {"id": "Tutup", "en": "Closed"},
    "board_quota_full": {"id": "Kuota habis", "en": "Quota full"},
    "board_ikm": {
        "id": "Indeks Kepuasan Masyarakat {period}: {value} ({letter}, {grade})",
        "en": "Community Satisfaction Index — {period}: {value} ({letter}, {grade})",
    },
})


_DEFAULT_COUNTER_NAME = re.compile(r"^\s*Loket\s+(\S+)\s*$", re.IGNORECASE)


def counter_name(name: str) -> str:
    """A counter's name as the board shows it: a default name ``Loket 3`` reads ``Counter 3``
    in English (as the counter app says); a name the site chose stays as it is."""
    match = _DEFAULT_COUNTER_NAME.match(name)
    if match is None or translator().language != "en":
        return name
    return tr("board_counter_name", n=match.group(1))
