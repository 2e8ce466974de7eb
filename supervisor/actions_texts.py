"""Texts of the supervisor console's "Tindakan" (actions) page, Indonesian and English."""

from __future__ import annotations

from ui.i18n import register

TEXTS: dict[str, dict[str, str]] = {
    "supervisor.actions.title": {"id": "Tindakan", "en": "Actions"},
    # finding and changing a ticket
    "supervisor.actions.find_heading": {"id": "Cari tiket", "en": "Find a ticket"},
    "supervisor.actions.find_hint": {"id": "Nomor antrean, mis. A-7", "en": "Queue number, e.g. A-7"},
    "supervisor.actions.find": {"id": "Cari", "en": "Find"},
    "supervisor.actions.found_none": {"id": "Tidak ada tiket hari ini dengan nomor {text}.",
                                      "en": "No ticket of today has the number {text}."},
    "supervisor.actions.found": {"id": "{count} tiket ditemukan.", "en": "{count} ticket(s) found."},
    "supervisor.actions.col_number": {"id": "Nomor", "en": "Number"},
    "supervisor.actions.col_service": {"id": "Layanan", "en": "Service"},
    "supervisor.actions.col_status": {"id": "Status", "en": "Status"},
    "supervisor.actions.col_counter": {"id": "Loket", "en": "Counter"},
    "supervisor.actions.col_priority": {"id": "Prioritas", "en": "Priority"},
    "supervisor.actions.reactivate": {"id": "Aktifkan kembali", "en": "Reactivate"},
    "supervisor.actions.move": {"id": "Pindahkan ke", "en": "Move to"},
    "supervisor.actions.cancel": {"id": "Batalkan", "en": "Cancel"},
    "supervisor.actions.reason_hint": {"id": "Alasan (boleh kosong)", "en": "Reason (optional)"},
    "supervisor.actions.priority_on": {"id": "Jadikan prioritas", "en": "Make priority"},
    "supervisor.actions.priority_off": {"id": "Bukan prioritas", "en": "Not priority"},
    "supervisor.actions.yes": {"id": "Ya", "en": "Yes"},
    "supervisor.actions.status.waiting": {"id": "Menunggu", "en": "Waiting"},
    "supervisor.actions.status.called": {"id": "Dipanggil", "en": "Called"},
    "supervisor.actions.status.serving": {"id": "Dilayani", "en": "Being served"},
    "supervisor.actions.status.done": {"id": "Selesai", "en": "Done"},
    "supervisor.actions.status.no_show": {"id": "Tidak hadir", "en": "No-show"},
    "supervisor.actions.status.cancelled": {"id": "Dibatalkan", "en": "Cancelled"},
    "supervisor.actions.status.transferred": {"id": "Dialihkan", "en": "Transferred"},
    "supervisor.actions.status.expired": {"id": "Kedaluwarsa", "en": "Expired"},
    "supervisor.actions.no": {"id": "—", "en": "—"},
    # counters
    "supervisor.actions.counter_heading": {"id": "Loket", "en": "Counters"},
    "supervisor.actions.pause": {"id": "Istirahat", "en": "Pause"},
    "supervisor.actions.pause_hint": {"id": "Alasan istirahat", "en": "Why it pauses"},
    "supervisor.actions.resume": {"id": "Lanjutkan", "en": "Resume"},
    "supervisor.actions.sign_out": {"id": "Keluarkan petugas", "en": "Sign the officer out"},
    "supervisor.actions.counter_item": {"id": "Loket {number} — {officer}", "en": "Counter {number} — {officer}"},
    "supervisor.actions.nobody": {"id": "tanpa petugas", "en": "nobody signed in"},
    # services today
    "supervisor.actions.service_heading": {"id": "Layanan hari ini", "en": "Services today"},
    "supervisor.actions.open_now": {"id": "Buka sekarang", "en": "Open now"},
    "supervisor.actions.close_now": {"id": "Tutup sekarang", "en": "Close now"},
    "supervisor.actions.by_hours": {"id": "Ikuti jam layanan", "en": "Follow its hours"},
    "supervisor.actions.quota": {"id": "Kuota hari ini", "en": "Today's quota"},
    "supervisor.actions.set_quota": {"id": "Simpan kuota", "en": "Save quota"},
    "supervisor.actions.own_quota": {"id": "Kuota bawaan", "en": "Its own quota"},
    # the notice
    "supervisor.actions.notice_heading": {"id": "Pengumuman hari ini (kios dan layar)",
                                          "en": "Today's notice (kiosk and display)"},
    "supervisor.actions.notice_id": {"id": "Teks bahasa Indonesia", "en": "Indonesian text"},
    "supervisor.actions.notice_en": {"id": "Teks bahasa Inggris (boleh kosong)", "en": "English text (optional)"},
    "supervisor.actions.notice_set": {"id": "Tampilkan", "en": "Show"},
    "supervisor.actions.notice_clear": {"id": "Hapus", "en": "Clear"},
    # outcomes
    "supervisor.actions.done": {"id": "Berhasil: {what}.", "en": "Done: {what}."},
    "supervisor.actions.refused": {"id": "Ditolak: {reason}", "en": "Refused: {reason}"},
    "supervisor.actions.failed": {"id": "Gagal: {reason}", "en": "Failed: {reason}"},
}

register(TEXTS)
