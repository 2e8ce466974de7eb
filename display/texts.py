"""The board's texts, Indonesian first (registered with :mod:`ui.i18n` at import)."""

from __future__ import annotations

from ui.i18n import register

register({
    "board_now_calling": {"id": "Nomor Antrian", "en": "Now Calling"},
    "board_recalled": {"id": "Panggilan Ulang", "en": "Called Again"},
    "board_go_to": {"id": "→ {counter}", "en": "→ {counter}"},
    "board_no_calls": {"id": "Belum ada panggilan", "en": "No calls yet"},
    "board_please_wait": {"id": "Silakan menunggu nomor Anda dipanggil", "en": "Please wait for your number"},
    "board_history": {"id": "Panggilan Terakhir", "en": "Recent Calls"},
    "board_waiting": {"id": "Jumlah Menunggu", "en": "Waiting"},
    "board_counters": {"id": "Loket", "en": "Counters"},
    "board_offline": {"id": "⚠ Koneksi terputus", "en": "⚠ Offline"},
    "board_connecting": {"id": "Menyambung…", "en": "Connecting…"},
    "board_loading": {"id": "Memuat data antrian…", "en": "Loading the queue…"},
    "board_no_counters": {"id": "Belum ada loket aktif", "en": "No counters open"},
    "board_not_serving": {"id": "Tidak melayani sementara", "en": "Not serving at the moment"},
    "board_service_closed": {"id": "Tutup", "en": "Closed"},
    "board_quota_full": {"id": "Kuota habis", "en": "Quota full"},
})
