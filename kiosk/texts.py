"""The kiosk's texts in Indonesian and English, and the few phrases built from data.

Registered with :mod:`ui.i18n` at import; every screen reads them with ``tr``.
"""

from __future__ import annotations

from ui.i18n import register, tr, translator

register({
    # home screen
    "kiosk.choose": {"id": "Silakan pilih layanan", "en": "Please choose a service"},
    "kiosk.lang_other": {"id": "English", "en": "Bahasa Indonesia"},
    "kiosk.priority_off": {
        "id": "Prioritas: lansia, disabilitas, ibu hamil",
        "en": "Priority: elderly, disabled, pregnant",
    },
    "kiosk.priority_on": {
        "id": "✔ Tiket prioritas dipilih — sentuh lagi untuk membatalkan",
        "en": "✔ Priority ticket chosen — touch again to cancel",
    },
    "kiosk.priority_hint": {
        "id": "Pilih layanan untuk tiket prioritas",
        "en": "Choose a service for a priority ticket",
    },
    "kiosk.waiting": {"id": "{n} menunggu · {wait}", "en": "{n} waiting · {wait}"},
    "kiosk.nobody_waiting": {"id": "Belum ada yang menunggu", "en": "No one waiting"},
    "kiosk.closed_opens": {"id": "Tutup — buka pukul {time}", "en": "Closed — opens at {time}"},
    "kiosk.closed": {"id": "Tutup", "en": "Closed"},
    "kiosk.quota": {"id": "Kuota hari ini habis", "en": "Today's quota is full"},
    "kiosk.inactive": {"id": "Tidak tersedia", "en": "Not available"},
    "kiosk.offline": {"id": "Koneksi terputus", "en": "Not connected"},
    "kiosk.working": {"id": "Mohon tunggu…", "en": "Please wait…"},
    "kiosk.no_services": {
        "id": "Belum ada layanan yang dibuka. Silakan hubungi petugas.",
        "en": "No services are open yet. Please ask an officer.",
    },
    "kiosk.not_ready": {
        "id": "Mesin antrian sedang disiapkan. Mohon tunggu sebentar atau hubungi petugas.",
        "en": "The queue machine is getting ready. Please wait a moment or ask an officer.",
    },
    "kiosk.wait_min": {"id": "± {m} menit", "en": "about {m} min"},
    "kiosk.wait_hour": {"id": "± {h} jam", "en": "about {h} h"},
    "kiosk.wait_hour_min": {"id": "± {h} jam {m} menit", "en": "about {h} h {m} min"},
    "kiosk.wait_none": {"id": "kurang dari 1 menit", "en": "less than 1 min"},
    # confirmation screen
    "kiosk.your_number": {"id": "Nomor antrian Anda", "en": "Your queue number"},
    "kiosk.priority_badge": {"id": "PRIORITAS", "en": "PRIORITY"},
    "kiosk.ahead": {"id": "Antrian di depan Anda: {n}", "en": "People ahead of you: {n}"},
    "kiosk.est_wait": {"id": "Perkiraan waktu tunggu: {wait}", "en": "Estimated wait: {wait}"},
    "kiosk.printing": {"id": "Tiket sedang dicetak…", "en": "Printing your ticket…"},
    "kiosk.take_ticket": {"id": "Silakan ambil tiket Anda", "en": "Please take your ticket"},
    "kiosk.printer_fault": {
        "id": "Printer bermasalah — mohon catat nomor Anda",
        "en": "Printer problem — please note your number",
    },
    "kiosk.no_printer": {"id": "Mohon catat nomor antrian Anda", "en": "Please note your queue number"},
    "kiosk.please_sit": {
        "id": "Silakan duduk dan tunggu nomor Anda dipanggil",
        "en": "Please take a seat and wait for your number to be called",
    },
    "kiosk.done": {"id": "Selesai", "en": "Done"},
    "kiosk.back": {"id": "Kembali", "en": "Back"},
    "kiosk.returning": {"id": "Kembali ke menu dalam {n} detik", "en": "Back to the menu in {n} seconds"},
    # refusals and failures
    "kiosk.refused_title": {
        "id": "Maaf, nomor antrian tidak dapat diambil",
        "en": "Sorry, no queue number can be issued",
    },
    "kiosk.refused_closed": {"id": "Layanan {name} sedang tutup.", "en": "{name} is closed now."},
    "kiosk.refused_closed_opens": {
        "id": "Layanan {name} sedang tutup. Buka pukul {time}.",
        "en": "{name} is closed now. It opens at {time}.",
    },
    "kiosk.refused_quota": {
        "id": "Kuota nomor antrian {name} untuk hari ini sudah habis. "
              "Silakan datang kembali pada hari kerja berikutnya.",
        "en": "Today's quota of queue numbers for {name} is used up. "
              "Please come back on the next working day.",
    },
    "kiosk.refused_inactive": {
        "id": "Layanan {name} sedang tidak tersedia.",
        "en": "{name} is not available at the moment.",
    },
    "kiosk.ask_officer": {
        "id": "Silakan hubungi petugas bila memerlukan bantuan.",
        "en": "Please ask an officer if you need help.",
    },
    "kiosk.failed_title": {"id": "Maaf, nomor antrian belum dibuat", "en": "Sorry, no queue number was issued"},
    "kiosk.failed_offline": {
        "id": "Koneksi sedang bermasalah, sehingga belum ada nomor yang dibuat. "
              "Silakan coba kembali beberapa saat lagi.",
        "en": "There is a connection problem, so no number was issued. "
              "Please try again in a moment.",
    },
    "kiosk.failed_error": {
        "id": "Terjadi kesalahan, sehingga belum ada nomor yang dibuat. "
              "Silakan coba kembali atau hubungi petugas.",
        "en": "Something went wrong, so no number was issued. "
              "Please try again or ask an officer.",
    },
    # supervisor lock
    "kiosk.pin_title": {"id": "Masukkan PIN supervisor", "en": "Enter the supervisor PIN"},
    "kiosk.pin_wrong": {"id": "PIN salah. Coba lagi.", "en": "Wrong PIN. Try again."},
    "kiosk.pin_checking": {"id": "Memeriksa…", "en": "Checking…"},
    "kiosk.pin_locked": {
        "id": "Terlalu banyak percobaan. Coba lagi pukul {time}.",
        "en": "Too many attempts. Try again at {time}.",
    },
    "kiosk.pin_unavailable": {
        "id": "PIN tidak dapat diperiksa sekarang. Coba lagi.",
        "en": "The PIN cannot be checked now. Try again.",
    },
    "kiosk.cancel": {"id": "Batal", "en": "Cancel"},
    "kiosk.admin_title": {"id": "Menu supervisor", "en": "Supervisor menu"},
    "kiosk.exit": {"id": "Tutup aplikasi kiosk", "en": "Close the kiosk app"},
})


def wait_text(minutes: int) -> str:
    """An estimated wait in the current language: ``± 20 menit``, ``about 1 h 5 min``."""
    if minutes < 1:
        return tr("kiosk.wait_none")
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return tr("kiosk.wait_min", m=rest)
    if rest == 0:
        return tr("kiosk.wait_hour", h=hours)
    return tr("kiosk.wait_hour_min", h=hours, m=rest)


def names(name_id: str, name_en: str) -> tuple[str, str]:
    """(first, second) service name for the current language; second is "" when identical."""
    first, second = (name_en, name_id) if translator().language == "en" else (name_id, name_en)
    first = first or second
    return first, ("" if second == first else second)


def unavailable_text(reason: str | None, opens_at: str | None) -> str:
    """The short line a greyed service button shows (``Tutup — buka pukul 08:00``)."""
    if reason == "closed":
        return tr("kiosk.closed_opens", time=opens_at) if opens_at else tr("kiosk.closed")
    if reason == "quota":
        return tr("kiosk.quota")
    if reason == "offline":
        return tr("kiosk.offline")
    return tr("kiosk.inactive")


def refusal_text(reason: str, name: str, opens_at: str | None) -> str:
    """The sentence the confirmation screen shows when a ticket was refused."""
    if reason == "closed":
        if opens_at:
            return tr("kiosk.refused_closed_opens", name=name, time=opens_at)
        return tr("kiosk.refused_closed", name=name)
    if reason == "quota":
        return tr("kiosk.refused_quota", name=name)
    return tr("kiosk.refused_inactive", name=name)
