"""The kiosk's texts in Indonesian and English, and the few phrases built from data.

Registered with :mod:`ui.i18n` at import; every screen reads them with ``tr``.
"""

from __future__ import annotations

from datetime import datetime

from db.clock import utcnow
from ui import waittext
from ui.i18n import register, tr, translator

register({
    # home screen
    "kiosk.choose": {"id": "Silakan pilih layanan", "en": "Please choose a service"},
    "kiosk.lang_other": {"id": "English", "en": "Bahasa Indonesia"},
    "kiosk.priority_off": {
        "id": "Prioritas: lansia, penyandang disabilitas, ibu hamil",
        "en": "Priority: older people, people with disabilities, pregnant women",
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
    "kiosk.closed_opens": {"id": "Tutup · {opens}", "en": "Closed · {opens}"},
    "kiosk.closed": {"id": "Tutup", "en": "Closed"},
    "kiosk.quota": {"id": "Kuota hari ini habis", "en": "Today's quota is full"},
    "kiosk.inactive": {"id": "Tidak tersedia", "en": "Not available"},
    "kiosk.offline": {"id": "Sistem sedang terganggu", "en": "The system is not working"},
    "kiosk.offline_banner": {
        "id": "Sistem sedang terganggu. Silakan hubungi petugas.",
        "en": "The system is not working at the moment. Please ask an officer.",
    },
    "kiosk.working": {"id": "Mohon tunggu…", "en": "Please wait…"},
    "kiosk.no_services": {
        "id": "Belum ada layanan yang dibuka. Silakan hubungi petugas.",
        "en": "No services are open yet. Please ask an officer.",
    },
    "kiosk.not_ready": {
        "id": "Mesin antrean sedang disiapkan. Mohon tunggu sebentar atau hubungi petugas.",
        "en": "The queue machine is getting ready. Please wait a moment or ask an officer.",
    },
    # confirmation screen
    "kiosk.your_number": {"id": "Nomor antrean Anda", "en": "Your queue number"},
    "kiosk.priority_badge": {"id": "PRIORITAS", "en": "PRIORITY"},
    "kiosk.ahead_caption": {"id": "Antrean di depan Anda", "en": "People ahead of you"},
    "kiosk.wait_caption": {"id": "Perkiraan waktu tunggu", "en": "Estimated wait"},
    "kiosk.printing": {"id": "Tiket sedang dicetak…", "en": "Printing your ticket…"},
    "kiosk.take_ticket": {"id": "Silakan ambil tiket Anda", "en": "Please take your ticket"},
    "kiosk.printer_fault": {
        "id": "Printer bermasalah — mohon catat nomor Anda",
        "en": "Printer problem — please note your number",
    },
    "kiosk.no_printer": {"id": "Mohon catat nomor antrean Anda", "en": "Please note your queue number"},
    "kiosk.please_sit": {
        "id": "Silakan duduk dan tunggu nomor Anda dipanggil",
        "en": "Please take a seat and wait for your number to be called",
    },
    "kiosk.done": {"id": "Selesai", "en": "Done"},
    "kiosk.back": {"id": "Kembali", "en": "Back"},
    "kiosk.returning": {"id": "Kembali ke menu dalam {n} detik", "en": "Back to the menu in {n} seconds"},
    # refusals and failures
    "kiosk.refused_title": {
        "id": "Maaf, nomor antrean tidak dapat diambil",
        "en": "Sorry, no queue number can be issued",
    },
    "kiosk.refused_closed": {"id": "Layanan {name} sedang tutup.", "en": "{name} is closed now."},
    "kiosk.refused_closed_opens": {
        "id": "Layanan {name} sedang tutup. {opens}.",
        "en": "{name} is closed now. {opens}.",
    },
    "kiosk.refused_quota": {
        "id": "Kuota nomor antrean {name} untuk hari ini sudah habis. "
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
    "kiosk.failed_title": {"id": "Maaf, nomor antrean belum dibuat", "en": "Sorry, no queue number was issued"},
    "kiosk.failed_offline": {
        "id": "Sistem sedang terganggu. Silakan hubungi petugas.",
        "en": "The system is not working at the moment. Please ask an officer.",
    },
    "kiosk.failed_error": {
        "id": "Terjadi kesalahan sehingga belum ada nomor yang dibuat. "
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


# The satisfaction survey at the kiosk (the survey's own questions come from db.survey.elements).
# The survey speaks to "Bapak/Ibu" as its questions do.
register({
    "kiosk.survey_button": {"id": "Isi Survei Kepuasan", "en": "Satisfaction survey"},
    "kiosk.survey_title": {"id": "Survei Kepuasan Masyarakat", "en": "Satisfaction survey"},
    "kiosk.survey_prompt": {
        "id": "Masukkan nomor antrean yang tercetak pada tiket Bapak/Ibu",
        "en": "Enter the queue number printed on your ticket",
    },
    "kiosk.survey_letters": {"id": "Huruf layanan", "en": "Service letter"},
    "kiosk.survey_start": {"id": "Mulai survei", "en": "Start the survey"},
    "kiosk.survey_checking": {"id": "Mencari nomor antrean…", "en": "Looking up the number…"},
    "kiosk.survey_unknown": {
        "id": "Nomor {label} tidak ditemukan hari ini. Periksa kembali nomor pada tiket Bapak/Ibu.",
        "en": "Number {label} was not found today. Please check the number on your ticket.",
    },
    "kiosk.survey_not_finished": {
        "id": "Nomor {label} belum selesai dilayani. Survei dapat diisi setelah layanan selesai.",
        "en": "Number {label} is not finished yet. The survey can be filled in once the service is finished.",
    },
    "kiosk.survey_answered": {
        "id": "Survei untuk nomor ini sudah diisi. Terima kasih.",
        "en": "The survey for this number has already been filled in. Thank you.",
    },
    "kiosk.survey_other_day": {
        "id": "Survei hanya dapat diisi pada hari kunjungan.",
        "en": "The survey can only be filled in on the day of the visit.",
    },
    "kiosk.survey_offline": {
        "id": "Sistem sedang terganggu. Silakan coba lagi atau hubungi petugas.",
        "en": "The system is not working at the moment. Please try again or ask an officer.",
    },
    "kiosk.survey_error": {
        "id": "Terjadi kesalahan. Silakan coba lagi atau hubungi petugas.",
        "en": "Something went wrong. Please try again or ask an officer.",
    },
    "kiosk.survey_for": {"id": "Survei untuk nomor {label}", "en": "Survey for number {label}"},
    "kiosk.survey_leave": {"id": "Keluar dari survei", "en": "Leave the survey"},
    "kiosk.survey_thanks": {"id": "Terima kasih atas penilaian Bapak/Ibu", "en": "Thank you for your answers"},
    "kiosk.survey_thanks_hint": {
        "id": "Penilaian Bapak/Ibu membantu kami memperbaiki pelayanan.",
        "en": "Your answers help us improve our service.",
    },
})


# Check-in of an online booking: the home button, the code keypad, and each answer.
register({
    "kiosk.booking_button": {"id": "Punya kode booking?", "en": "Have a booking code?"},
    "kiosk.booking_title": {"id": "Check-in booking", "en": "Booking check-in"},
    "kiosk.booking_prompt": {
        "id": "Masukkan kode booking Anda (6 karakter) atau pindai kode QR pada bukti booking",
        "en": "Enter your booking code (6 characters) or scan the QR code on your booking slip",
    },
    "kiosk.booking_check": {"id": "Cek", "en": "Check"},
    "kiosk.booking_checking": {"id": "Memeriksa kode booking…", "en": "Checking the booking code…"},
    # on the confirmation of a booked ticket
    "kiosk.booking_at": {"id": "Booking pukul {time}", "en": "Booking at {time}"},
    "kiosk.booking_reprint": {
        "id": "Kode ini sudah check-in. Nomor Anda tetap {label}.",
        "en": "This code is already checked in. Your number is still {label}.",
    },
    "kiosk.booking_late": {
        "id": "Waktu booking Anda ({time}) sudah lewat. Anda mendapat nomor antrean biasa.",
        "en": "Your booked time ({time}) has passed. You have an ordinary queue number.",
    },
    # a booking code that gives no number
    "kiosk.booking_early_title": {"id": "Belum waktunya check-in", "en": "Too early to check in"},
    "kiosk.booking_early": {
        "id": "Anda datang terlalu awal. Silakan kembali pukul {time}.",
        "en": "You are too early. Please come back at {time}.",
    },
    "kiosk.booking_early_day": {
        "id": "Anda datang terlalu awal. Silakan kembali pada {date} pukul {time}.",
        "en": "You are too early. Please come back on {date} at {time}.",
    },
    "kiosk.booking_booked_for": {
        "id": "Booking Anda: {service}, {date} pukul {time}.",
        "en": "Your booking: {service}, {date} at {time}.",
    },
    "kiosk.booking_missed_title": {"id": "Tanggal booking sudah lewat", "en": "The booking date has passed"},
    "kiosk.booking_missed": {
        "id": "Booking Anda untuk {date} sudah lewat. Silakan ambil nomor antrean biasa.",
        "en": "Your booking for {date} has passed. Please take an ordinary queue number.",
    },
    "kiosk.booking_used_title": {"id": "Kode booking sudah digunakan", "en": "Booking code already used"},
    "kiosk.booking_used": {
        "id": "Kode booking ini sudah digunakan untuk nomor {label} dan layanannya sudah selesai.",
        "en": "This booking code was used for number {label}, and that visit is finished.",
    },
    "kiosk.booking_cancelled_title": {"id": "Booking dibatalkan", "en": "Booking cancelled"},
    "kiosk.booking_cancelled": {
        "id": "Booking dengan kode {code} sudah dibatalkan.",
        "en": "The booking with code {code} has been cancelled.",
    },
    "kiosk.booking_unknown_title": {"id": "Kode booking tidak ditemukan", "en": "Booking code not found"},
    "kiosk.booking_unknown": {
        "id": "Kode booking {code} tidak terdaftar. Silakan periksa kembali kode Anda.",
        "en": "Booking code {code} is not on our list. Please check your code again.",
    },
    "kiosk.booking_invalid_title": {"id": "Kode booking tidak benar", "en": "The booking code is not right"},
    "kiosk.booking_invalid": {
        "id": "Kode {code} tidak benar. Silakan periksa kembali kode Anda.",
        "en": "Code {code} is not right. Please check your code again.",
    },
    "kiosk.booking_unavailable_title": {"id": "Layanan tidak tersedia", "en": "Service not available"},
    "kiosk.booking_retype": {"id": "Ketik ulang kode", "en": "Type the code again"},
})

def names(name_id: str, name_en: str) -> tuple[str, str]:
    """(first, second) service name for the current language; second is "" when identical."""
    first, second = (name_en, name_id) if translator().language == "en" else (name_id, name_en)
    first = first or second
    return first, ("" if second == first else second)


def unavailable_text(reason: str | None, opens_next: datetime | None, now: datetime | None = None) -> str:
    """The short line a greyed service button shows (``Tutup · Dibuka Senin pukul 08.00 WIB``)."""
    if reason == "closed":
        if opens_next is not None:
            return tr("kiosk.closed_opens", opens=waittext.opening_text(opens_next, now or _now(opens_next)))
        return tr("kiosk.closed")
    if reason == "quota":
        return tr("kiosk.quota")
    if reason == "offline":
        return tr("kiosk.offline")
    return tr("kiosk.inactive")


def refusal_text(reason: str, name: str, opens_next: datetime | None, now: datetime | None = None) -> str:
    """The sentence the confirmation screen shows when a ticket was refused."""
    if reason == "closed":
        if opens_next is not None:
            opens = waittext.opening_text(opens_next, now or _now(opens_next))
            return tr("kiosk.refused_closed_opens", name=name, opens=opens)
        return tr("kiosk.refused_closed", name=name)
    if reason == "quota":
        return tr("kiosk.refused_quota", name=name)
    return tr("kiosk.refused_inactive", name=name)


def _now(like: datetime) -> datetime:
    """The time now in ``like``'s zone (the core's clock, so tests can move it)."""
    return utcnow().astimezone(like.tzinfo)
