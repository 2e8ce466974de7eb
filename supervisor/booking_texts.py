"""Texts of the console's "Booking" tab (``supervisor.booking.*``), Indonesian first (KBBI/PUEBI),
and the core's booking refusals in the supervisor's language.

The core (``db.booking``) refuses in English with a ``reason`` (and the ``field`` at fault);
:func:`refusal_text` says the common reasons in the current language and shows any other
as the core wrote it.
"""

from __future__ import annotations

from db.errors import AntrianError
from supervisor.texts import error_text
from ui.i18n import register, tr

#: The booking statuses in the order the page counts them (``db.models.Booking.status``).
STATUSES = ("booked", "checked_in", "late", "cancelled", "no_show")

TEXTS: dict[str, dict[str, str]] = {
    "supervisor.tab.booking": {"id": "Booking", "en": "Bookings"},
    "supervisor.booking.heading": {"id": "Booking", "en": "Bookings"},
    "supervisor.booking.previous": {"id": "Hari sebelumnya", "en": "Previous day"},
    "supervisor.booking.next": {"id": "Hari berikutnya", "en": "Next day"},
    "supervisor.booking.today": {"id": "Hari Ini", "en": "Today"},
    "supervisor.booking.service": {"id": "Layanan", "en": "Service"},
    "supervisor.booking.status": {"id": "Status", "en": "Status"},
    "supervisor.booking.all_services": {"id": "(semua layanan)", "en": "(all services)"},
    "supervisor.booking.all_statuses": {"id": "(semua status)", "en": "(all statuses)"},
    # statuses
    "supervisor.booking.st.booked": {"id": "Dipesan", "en": "Booked"},
    "supervisor.booking.st.checked_in": {"id": "Sudah check-in", "en": "Checked in"},
    "supervisor.booking.st.late": {"id": "Terlambat", "en": "Late"},
    "supervisor.booking.st.cancelled": {"id": "Dibatalkan", "en": "Cancelled"},
    "supervisor.booking.st.no_show": {"id": "Tidak datang", "en": "No-show"},
    "supervisor.booking.count": {"id": "{status}: {n}", "en": "{status}: {n}"},
    "supervisor.booking.total": {"id": "Jumlah: {n}", "en": "Total: {n}"},
    # the day's table
    "supervisor.booking.col.time": {"id": "Waktu", "en": "Time"},
    "supervisor.booking.col.code": {"id": "Kode", "en": "Code"},
    "supervisor.booking.col.service": {"id": "Layanan", "en": "Service"},
    "supervisor.booking.col.visitor": {"id": "Nama / Perusahaan", "en": "Name / Company"},
    "supervisor.booking.col.status": {"id": "Status", "en": "Status"},
    "supervisor.booking.col.ticket": {"id": "Tiket", "en": "Ticket"},
    "supervisor.booking.purged": {"id": "(data pribadi sudah dihapus)", "en": "(personal data erased)"},
    "supervisor.booking.no_name": {"id": "–", "en": "–"},
    "supervisor.booking.details": {
        "id": "NIB: {nib}\nTelepon: {phone}\nAsal: {origin}",
        "en": "NIB: {nib}\nPhone: {phone}\nFrom: {origin}"},
    "supervisor.booking.origin.import": {"id": "impor berkas", "en": "file import"},
    "supervisor.booking.origin.cli": {"id": "baris perintah", "en": "command line"},
    "supervisor.booking.origin.console": {"id": "konsol", "en": "console"},
    "supervisor.booking.none": {"id": "Tidak ada booking pada hari ini.", "en": "No bookings on this day."},
    "supervisor.booking.none_filtered": {"id": "Tidak ada booking yang cocok dengan penyaring.",
                                         "en": "No booking matches the filter."},
    # the services' quota
    "supervisor.booking.quota_heading": {"id": "Kuota per Layanan", "en": "Quota per Service"},
    "supervisor.booking.q.service": {"id": "Layanan", "en": "Service"},
    "supervisor.booking.q.booked": {"id": "Booking", "en": "Booked"},
    "supervisor.booking.q.came": {"id": "Hadir", "en": "Came"},
    "supervisor.booking.q.quota": {"id": "Kuota/Slot", "en": "Quota/Slot"},
    "supervisor.booking.q.full": {"id": "Slot Penuh", "en": "Full Slots"},
    "supervisor.booking.q.no_limit": {"id": "tanpa batas", "en": "no limit"},
    "supervisor.booking.q.full_of": {"id": "{n} dari {slots}", "en": "{n} of {slots}"},
    "supervisor.booking.q.closed": {"id": "tutup", "en": "closed"},
    "supervisor.booking.q.hint": {
        "id": "Slot {minutes} menit; kuota 0: layanan tidak menerima booking. Booking yang dibatalkan tidak dihitung.",
        "en": "{minutes}-minute slots; quota 0: the service takes no bookings. Cancelled bookings are not counted."},
    # actions
    "supervisor.booking.add": {"id": "Tambah Booking…", "en": "Add Booking…"},
    "supervisor.booking.cancel": {"id": "Batalkan…", "en": "Cancel…"},
    "supervisor.booking.import": {"id": "Impor Berkas…", "en": "Import File…"},
    "supervisor.booking.slip": {"id": "Simpan Bukti (PDF)…", "en": "Save Slip (PDF)…"},
    "supervisor.booking.choose": {"id": "Pilih booking di daftar dahulu.", "en": "Choose a booking in the list first."},
    "supervisor.booking.busy": {"id": "Tunggu sebentar, proses sebelumnya belum selesai.",
                                "en": "One moment, the previous step is still running."},
    "supervisor.booking.loading": {"id": "Memuat booking…", "en": "Loading the bookings…"},
    "supervisor.booking.read_failed": {"id": "Booking tidak dapat dibaca: {error}. Mencoba lagi…",
                                       "en": "Cannot read the bookings: {error}. Retrying…"},
    "supervisor.booking.shown": {"id": "{n} booking ditampilkan.", "en": "{n} bookings shown."},
    "supervisor.booking.shown_of": {"id": "{n} dari {total} booking ditampilkan.", "en": "{n} of {total} bookings shown."},
    # cancelling
    "supervisor.booking.cancel_title": {"id": "Alasan membatalkan booking {code}", "en": "Why cancel booking {code}"},
    "supervisor.booking.reason.visitor": {"id": "Permintaan pengunjung", "en": "The visitor asked"},
    "supervisor.booking.reason.double": {"id": "Booking ganda", "en": "Duplicate booking"},
    "supervisor.booking.reason.closed": {"id": "Layanan ditiadakan pada hari itu", "en": "The service is off that day"},
    "supervisor.booking.cancel_next": {"id": "Lanjut", "en": "Next"},
    "supervisor.booking.confirm_title": {"id": "Batalkan booking {code}?", "en": "Cancel booking {code}?"},
    "supervisor.booking.confirm_body": {
        "id": "{service}, {day} pukul {time}{who}.\nAlasan: {reason}.\n\nKode ini tidak dapat dipakai lagi untuk "
              "check-in di kios.",
        "en": "{service}, {day} at {time}{who}.\nReason: {reason}.\n\nThe code can no longer be used to check in at "
              "the kiosk."},
    "supervisor.booking.confirm_yes": {"id": "Batalkan Booking", "en": "Cancel Booking"},
    "supervisor.booking.cancelled": {"id": "Booking {code} dibatalkan.", "en": "Booking {code} was cancelled."},
    # adding
    "supervisor.booking.added": {
        "id": "Booking {code} ditambahkan: {service}, {day} pukul {time}.",
        "en": "Booking {code} added: {service}, {day} at {time}."},
    # importing
    "supervisor.booking.import_title": {"id": "Impor berkas booking", "en": "Import a bookings file"},
    "supervisor.booking.import_filter": {
        "id": "Berkas booking (*.csv *.xlsx *.json);;Semua berkas (*)",
        "en": "Bookings files (*.csv *.xlsx *.json);;All files (*)"},
    "supervisor.booking.importing": {"id": "Mengimpor {name}…", "en": "Importing {name}…"},
    "supervisor.booking.imported": {"id": "{name}: {added} ditambahkan, {unchanged} sudah ada.",
                                    "en": "{name}: {added} added, {unchanged} already there."},
    "supervisor.booking.import_refused": {
        "id": "{name} ditolak; tidak ada booking yang diimpor. Perbaiki berkasnya, lalu impor lagi.",
        "en": "{name} was refused; no booking was imported. Correct the file, then import it again."},
    "supervisor.booking.errors_title": {"id": "Berkas booking ditolak", "en": "Bookings file refused"},
    "supervisor.booking.errors_intro": {
        "id": "{name} tidak diimpor sama sekali karena kesalahan berikut:",
        "en": "Nothing of {name} was imported because of these faults:"},
    "supervisor.booking.errors_more": {"id": "… dan {n} kesalahan lain.", "en": "… and {n} more faults."},
    "supervisor.booking.error_row_at": {"id": "Baris {row}, kolom “{column}”: {message}",
                                        "en": "Row {row}, column “{column}”: {message}"},
    "supervisor.booking.error_row": {"id": "Baris {row}: {message}", "en": "Row {row}: {message}"},
    "supervisor.booking.error_item_at": {"id": "Butir {row}, “{column}”: {message}",
                                         "en": "Item {row}, “{column}”: {message}"},
    "supervisor.booking.error_item": {"id": "Butir {row}: {message}", "en": "Item {row}: {message}"},
    "supervisor.booking.close": {"id": "Tutup", "en": "Close"},
    # the slip
    "supervisor.booking.slip_title": {"id": "Simpan bukti booking", "en": "Save the booking slip"},
    "supervisor.booking.slip_saved": {"id": "Bukti booking {code} disimpan ke {path}.",
                                      "en": "The slip of booking {code} was saved to {path}."},
    "supervisor.booking.file_failed": {"id": "Berkas tidak dapat dipakai: {error}", "en": "The file cannot be used: {error}"},
    # refusals (db.booking.BookingRefused.reason)
    "supervisor.booking.err.unknown_service": {"id": "Layanan itu tidak dikenal.", "en": "That service is unknown."},
    "supervisor.booking.err.no_bookings": {"id": "Layanan itu tidak menerima booking.",
                                           "en": "That service takes no bookings."},
    "supervisor.booking.err.quota": {"id": "Slot itu sudah penuh; pilih waktu lain.",
                                     "en": "That slot is full; choose another time."},
    "supervisor.booking.err.closed_day": {"id": "Layanan itu tutup pada hari tersebut.",
                                          "en": "That service is closed on that day."},
    "supervisor.booking.err.outside_hours": {"id": "Waktu itu di luar jam layanan.",
                                             "en": "That time is outside the opening hours."},
    "supervisor.booking.err.past": {"id": "Waktu itu sudah berlalu.", "en": "That time has passed."},
    "supervisor.booking.err.not_found": {"id": "Booking itu tidak ditemukan.", "en": "That booking was not found."},
    "supervisor.booking.err.not_cancellable": {
        "id": "Booking itu tidak dapat dibatalkan lagi (sudah check-in, dibatalkan, atau tidak datang).",
        "en": "That booking can no longer be cancelled (checked in, cancelled or a no-show)."},
    "supervisor.booking.err.duplicate_code": {"id": "Kode booking itu sudah dipakai.",
                                              "en": "That booking code is already used."},
    "supervisor.booking.err.bad_code": {"id": "Kode booking itu tidak sah.", "en": "That booking code is not valid."},
}
register(TEXTS)

_REASONS = ("unknown_service", "no_bookings", "quota", "closed_day", "outside_hours", "past", "not_found",
            "not_cancellable", "duplicate_code", "bad_code")


def status_text(status: str) -> str:
    """A booking's status in words (``Dipesan``); as stored when unknown."""
    return tr(f"supervisor.booking.st.{status}") if status in STATUSES else status


def refusal_text(error: BaseException) -> str:
    """A refusal of the booking core in the current language: the common reasons translated,
    the others (a value out of its rule) as the core words them."""
    reason = getattr(error, "reason", None)
    if isinstance(error, AntrianError) and reason in _REASONS:
        return tr(f"supervisor.booking.err.{reason}")
    return error_text(error)
