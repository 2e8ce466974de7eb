"""Texts of the supervisor's actions page, and the core's refusals in the officer's language.

Officer-facing plain office Indonesian first, English second. :func:`error_text` turns a
refusal of ``db.supervise`` (English, as the core words it) into a sentence in the current
language: the common ones are translated, any other is shown as the core wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from db.errors import AntrianError, DatabaseUnavailable, EditConflict
from ui.i18n import register, tr

TEXTS: dict[str, dict[str, str]] = {
    # -- the sections -----------------------------------------------------------------------------
    "supervisor.actions.nav.ticket": {"id": "Cari tiket", "en": "Find a ticket"},
    "supervisor.actions.nav.counters": {"id": "Loket", "en": "Counters"},
    "supervisor.actions.nav.services": {"id": "Layanan hari ini", "en": "Today's services"},
    "supervisor.actions.nav.notice": {"id": "Pengumuman", "en": "Notice"},
    "supervisor.actions.busy": {
        "id": "Tunggu sebentar, tindakan sebelumnya masih diproses.",
        "en": "One moment, the previous action is still being processed.",
    },
    "supervisor.actions.loading": {"id": "Memuat…", "en": "Loading…"},
    "supervisor.actions.back": {"id": "Kembali", "en": "Back"},
    "supervisor.actions.ok": {"id": "Lanjutkan", "en": "Go ahead"},
    "supervisor.actions.other": {"id": "Lainnya…", "en": "Other…"},
    "supervisor.actions.other_hint": {"id": "Tulis alasannya", "en": "Type the reason"},
    # -- find a ticket ----------------------------------------------------------------------------
    "supervisor.actions.ticket.heading": {"id": "Cari tiket hari ini", "en": "Find one of today's tickets"},
    "supervisor.actions.ticket.placeholder": {"id": "Nomor tiket, mis. A-7 atau A007", "en": "Ticket number, e.g. A-7 or A007"},
    "supervisor.actions.ticket.search": {"id": "Cari", "en": "Search"},
    "supervisor.actions.ticket.prompt": {
        "id": "Ketik nomor tiket, lalu tekan Enter.",
        "en": "Type a ticket number and press Enter.",
    },
    "supervisor.actions.ticket.guide": {
        "id": "Di sini tiket hari ini dapat diaktifkan kembali (tidak hadir atau dibatalkan), dipindahkan "
              "ke layanan lain, dibatalkan, atau dijadikan prioritas. Cari nomornya dulu.",
        "en": "Here a ticket of today can be reactivated (no-show or cancelled), moved to another service, "
              "cancelled, or made a priority ticket. Search for its number first.",
    },
    "supervisor.actions.ticket.none": {
        "id": "Tidak ada tiket hari ini dengan nomor “{text}”.",
        "en": "No ticket of today has the number “{text}”.",
    },
    "supervisor.actions.ticket.found": {"id": "{n} tiket ditemukan", "en": "{n} tickets found"},
    "supervisor.actions.ticket.found_one": {"id": "1 tiket ditemukan", "en": "1 ticket found"},
    "supervisor.actions.ticket.choose": {"id": "Pilih tiket di daftar.", "en": "Choose a ticket in the list."},
    "supervisor.actions.ticket.service": {"id": "Layanan", "en": "Service"},
    "supervisor.actions.ticket.status": {"id": "Status", "en": "Status"},
    "supervisor.actions.ticket.taken": {"id": "Diambil", "en": "Taken"},
    "supervisor.actions.ticket.taken_at": {"id": "pukul {time}", "en": "at {time}"},
    "supervisor.actions.ticket.at_counter": {"id": "Loket", "en": "Counter"},
    "supervisor.actions.ticket.at_counter_value": {"id": "Loket {n} · {officer}", "en": "Counter {n} · {officer}"},
    "supervisor.actions.ticket.priority_mark": {"id": "Prioritas", "en": "Priority"},
    "supervisor.actions.ticket.moved_from": {"id": "dipindahkan dari layanan lain", "en": "moved from another service"},
    "supervisor.actions.ticket.reactivate": {"id": "Aktifkan kembali", "en": "Reactivate"},
    "supervisor.actions.ticket.move": {"id": "Pindahkan ke layanan…", "en": "Move to service…"},
    "supervisor.actions.ticket.cancel": {"id": "Batalkan tiket…", "en": "Cancel ticket…"},
    "supervisor.actions.ticket.make_priority": {"id": "Jadikan prioritas", "en": "Make priority"},
    "supervisor.actions.ticket.drop_priority": {"id": "Batalkan prioritas", "en": "Remove priority"},
    "supervisor.actions.ticket.move_title": {"id": "Pindahkan {label} ke layanan", "en": "Move {label} to the service"},
    "supervisor.actions.ticket.move_option": {"id": "{code} — {name} ({n} menunggu)", "en": "{code} — {name} ({n} waiting)"},
    "supervisor.actions.ticket.move_ok": {"id": "Pindahkan", "en": "Move"},
    "supervisor.actions.ticket.move_none": {
        "id": "Tidak ada layanan lain untuk tujuan pemindahan.",
        "en": "There is no other service to move it to.",
    },
    "supervisor.actions.ticket.cancel_title": {"id": "Alasan membatalkan {label}", "en": "Why cancel {label}"},
    "supervisor.actions.ticket.reason.visitor": {"id": "Permintaan pengunjung", "en": "The visitor asked"},
    "supervisor.actions.ticket.reason.double": {"id": "Tiket ganda", "en": "Duplicate ticket"},
    "supervisor.actions.ticket.reason.wrong": {"id": "Salah pilih layanan", "en": "Wrong service chosen"},
    "supervisor.actions.ticket.done.reactivated": {
        "id": "{label} aktif kembali dan menunggu di urutan semula.",
        "en": "{label} is waiting again at its original place.",
    },
    "supervisor.actions.ticket.done.moved": {"id": "{label} dipindahkan ke {service}.", "en": "{label} moved to {service}."},
    "supervisor.actions.ticket.done.cancelled": {"id": "{label} dibatalkan.", "en": "{label} cancelled."},
    "supervisor.actions.ticket.done.priority": {"id": "{label} kini tiket prioritas.", "en": "{label} is now a priority ticket."},
    "supervisor.actions.ticket.done.no_priority": {
        "id": "{label} bukan tiket prioritas lagi.",
        "en": "{label} is no longer a priority ticket.",
    },
    "supervisor.actions.status.waiting": {"id": "menunggu", "en": "waiting"},
    "supervisor.actions.status.called": {"id": "dipanggil", "en": "called"},
    "supervisor.actions.status.serving": {"id": "sedang dilayani", "en": "being served"},
    "supervisor.actions.status.done": {"id": "selesai", "en": "done"},
    "supervisor.actions.status.no_show": {"id": "tidak hadir", "en": "no-show"},
    "supervisor.actions.status.cancelled": {"id": "dibatalkan", "en": "cancelled"},
    "supervisor.actions.status.transferred": {"id": "dipindahkan", "en": "moved"},
    "supervisor.actions.status.expired": {"id": "kedaluwarsa", "en": "expired"},
    # -- counters ---------------------------------------------------------------------------------
    "supervisor.actions.counters.heading": {"id": "Loket dan petugas", "en": "Counters and officers"},
    "supervisor.actions.counters.name": {"id": "Loket {n}", "en": "Counter {n}"},
    "supervisor.actions.counters.nobody": {"id": "Tidak ada petugas", "en": "No officer"},
    "supervisor.actions.counters.none": {"id": "Belum ada loket.", "en": "There are no counters yet."},
    "supervisor.actions.counters.inactive": {"id": "nonaktif", "en": "inactive"},
    "supervisor.actions.counters.state.closed": {"id": "Tutup", "en": "Closed"},
    "supervisor.actions.counters.state.idle": {"id": "Kosong", "en": "Free"},
    "supervisor.actions.counters.state.called": {"id": "Dipanggil {label}", "en": "Called {label}"},
    "supervisor.actions.counters.state.serving": {"id": "Melayani {label}", "en": "Serving {label}"},
    "supervisor.actions.counters.state.paused": {"id": "Istirahat", "en": "Paused"},
    "supervisor.actions.counters.state.paused_reason": {"id": "Istirahat: {reason}", "en": "Paused: {reason}"},
    "supervisor.actions.counters.pause": {"id": "Jeda…", "en": "Pause…"},
    "supervisor.actions.counters.resume": {"id": "Lanjutkan", "en": "Resume"},
    "supervisor.actions.counters.sign_out": {"id": "Keluarkan petugas…", "en": "Sign officer out…"},
    "supervisor.actions.counters.pause_title": {"id": "Alasan jeda Loket {n}", "en": "Why pause counter {n}"},
    "supervisor.actions.counters.reason.break": {"id": "Istirahat", "en": "Break"},
    "supervisor.actions.counters.reason.prayer": {"id": "Salat", "en": "Prayer"},
    "supervisor.actions.counters.reason.meeting": {"id": "Rapat", "en": "Meeting"},
    "supervisor.actions.counters.sign_out_title": {
        "id": "Keluarkan {officer} dari Loket {n}?",
        "en": "Sign {officer} out of counter {n}?",
    },
    "supervisor.actions.counters.sign_out_body": {
        "id": "Loket ini tutup sampai seorang petugas masuk lagi. Pengunjung yang sedang dipanggil "
              "atau dilayani di sini tetap di loket ini untuk petugas berikutnya.",
        "en": "The counter stays closed until an officer signs in again. A visitor called or being "
              "served here stays at this counter for whoever signs in next.",
    },
    "supervisor.actions.counters.sign_out_yes": {"id": "Keluarkan", "en": "Sign out"},
    "supervisor.actions.counters.done.paused": {"id": "Loket {n} dijeda ({reason}).", "en": "Counter {n} paused ({reason})."},
    "supervisor.actions.counters.done.resumed": {"id": "Loket {n} melayani lagi.", "en": "Counter {n} is serving again."},
    "supervisor.actions.counters.done.signed_out": {
        "id": "{officer} dikeluarkan dari Loket {n}.",
        "en": "{officer} signed out of counter {n}.",
    },
    # -- services today ---------------------------------------------------------------------------
    "supervisor.actions.services.heading": {"id": "Layanan hari ini", "en": "Today's services"},
    "supervisor.actions.services.none": {"id": "Belum ada layanan.", "en": "There are no services yet."},
    "supervisor.actions.services.open": {"id": "Buka", "en": "Open"},
    "supervisor.actions.services.closed": {"id": "Tutup", "en": "Closed"},
    "supervisor.actions.services.by_hours": {"id": "sesuai jam layanan", "en": "by its opening hours"},
    "supervisor.actions.services.opened_now": {"id": "dibuka koordinator hari ini", "en": "opened by a supervisor today"},
    "supervisor.actions.services.closed_now": {"id": "ditutup koordinator hari ini", "en": "closed by a supervisor today"},
    "supervisor.actions.services.issued": {
        "id": "{issued} tiket hari ini · {waiting} menunggu",
        "en": "issued today: {issued} · waiting: {waiting}",
    },
    "supervisor.actions.services.open_now": {"id": "Buka sekarang", "en": "Open now"},
    "supervisor.actions.services.close_now": {"id": "Tutup sekarang", "en": "Close now"},
    "supervisor.actions.services.follow_hours": {"id": "Ikuti jam layanan", "en": "Follow its hours"},
    "supervisor.actions.services.quota": {"id": "Kuota hari ini", "en": "Today's quota"},
    "supervisor.actions.services.no_quota": {"id": "tanpa kuota", "en": "no quota"},
    "supervisor.actions.services.quota_changed": {"id": "diubah hari ini", "en": "changed for today"},
    "supervisor.actions.services.save": {"id": "Simpan", "en": "Save"},
    "supervisor.actions.services.usual_quota": {"id": "kuota biasa", "en": "usual quota"},
    "supervisor.actions.services.done.opened": {"id": "{name} dibuka sekarang.", "en": "{name} is open now."},
    "supervisor.actions.services.done.closed": {"id": "{name} ditutup sekarang.", "en": "{name} is closed now."},
    "supervisor.actions.services.done.hours": {
        "id": "{name} kembali mengikuti jam layanannya.",
        "en": "{name} follows its opening hours again.",
    },
    "supervisor.actions.services.done.quota": {"id": "Kuota {name} hari ini: {quota}.", "en": "{name}'s quota today: {quota}."},
    "supervisor.actions.services.done.usual_quota": {
        "id": "{name} kembali ke kuota biasanya.",
        "en": "{name} is back to its usual quota.",
    },
    # -- the notice -------------------------------------------------------------------------------
    "supervisor.actions.notice.heading": {"id": "Pengumuman untuk pengunjung", "en": "Notice for visitors"},
    "supervisor.actions.notice.hint": {
        "id": "Tampil hari ini saja: di layar kios dan paling depan di teks berjalan papan layar. "
              "Besok hilang dengan sendirinya.",
        "en": "Shown today only: on the kiosk screen and first in the display's running text. "
              "It goes away by itself tomorrow.",
    },
    "supervisor.actions.notice.text_id": {"id": "Bahasa Indonesia", "en": "Indonesian"},
    "supervisor.actions.notice.text_en": {"id": "Bahasa Inggris (boleh kosong)", "en": "English (may be left empty)"},
    "supervisor.actions.notice.placeholder": {
        "id": "mis. Layanan E-Sertifikasi tutup hari ini.",
        "en": "e.g. The E-Certification service is closed today.",
    },
    "supervisor.actions.notice.show": {"id": "Tampilkan hari ini", "en": "Show today"},
    "supervisor.actions.notice.clear": {"id": "Hapus", "en": "Clear"},
    "supervisor.actions.notice.current": {"id": "Sedang tampil: “{text}”", "en": "Showing now: “{text}”"},
    "supervisor.actions.notice.nothing": {"id": "Tidak ada pengumuman hari ini.", "en": "No notice today."},
    "supervisor.actions.notice.empty": {
        "id": "Tulis dulu pengumumannya dalam bahasa Indonesia.",
        "en": "Write the notice in Indonesian first.",
    },
    "supervisor.actions.notice.done.shown": {
        "id": "Pengumuman tampil hari ini di kios dan papan layar.",
        "en": "The notice is shown today on the kiosk and the display.",
    },
    "supervisor.actions.notice.done.cleared": {"id": "Pengumuman dihapus.", "en": "The notice is cleared."},
    # -- refusals ---------------------------------------------------------------------------------
    "supervisor.actions.err.conflict": {
        "id": "{who} baru saja mengubahnya. Periksa lagi keadaannya, lalu putuskan.",
        "en": "{who} changed it a moment ago. Look at it again, then decide.",
    },
    "supervisor.actions.err.someone": {"id": "Koordinator lain", "en": "Another supervisor"},
    "supervisor.actions.err.session": {
        "id": "Sesi Anda sudah berakhir; silakan masuk lagi.",
        "en": "Your session has ended; please sign in again.",
    },
    "supervisor.actions.err.disabled": {"id": "Akun ini sudah dinonaktifkan.", "en": "This account has been disabled."},
    "supervisor.actions.err.role": {
        "id": "{name} bukan koordinator layanan atau administrator.",
        "en": "{name} is not a supervisor or administrator.",
    },
    "supervisor.actions.err.no_ticket": {"id": "Tiket itu tidak ada lagi.", "en": "That ticket no longer exists."},
    "supervisor.actions.err.not_today": {
        "id": "{label} bukan tiket hari ini.",
        "en": "{label} is not a ticket of today.",
    },
    "supervisor.actions.err.cannot": {
        "id": "{label} tidak dapat {action}: statusnya {status}.",
        "en": "{label} cannot be {action}: it is {status}.",
    },
    "supervisor.actions.err.same_service": {
        "id": "{label} sudah di layanan {service}.", "en": "{label} is already in {service}.",
    },
    "supervisor.actions.err.no_service": {"id": "Layanan {code} tidak ada.", "en": "There is no service {code}."},
    "supervisor.actions.err.no_counter": {"id": "Loket {n} tidak ada.", "en": "There is no counter {n}."},
    "supervisor.actions.err.nobody": {"id": "Tidak ada petugas di Loket {n}.", "en": "Nobody is signed in at counter {n}."},
    "supervisor.actions.err.already_paused": {"id": "Loket {n} sudah dijeda.", "en": "Counter {n} is already paused."},
    "supervisor.actions.err.not_paused": {"id": "Loket {n} tidak sedang dijeda.", "en": "Counter {n} is not paused."},
    "supervisor.actions.err.close_first": {
        "id": "Selesaikan dulu {label}: Loket {n} tidak dapat dijeda selama ada pengunjung dipanggil atau dilayani.",
        "en": "Close {label} first: counter {n} cannot pause while a visitor is called or served.",
    },
    "supervisor.actions.err.priority_status": {
        "id": "Prioritas {label} tidak dapat diubah: statusnya {status}.",
        "en": "The priority of {label} cannot change: it is {status}.",
    },
    "supervisor.actions.err.already_priority": {
        "id": "{label} sudah tiket prioritas.", "en": "{label} is already a priority ticket.",
    },
    "supervisor.actions.err.not_priority": {"id": "{label} bukan tiket prioritas.", "en": "{label} is not a priority ticket."},
    "supervisor.actions.err.reactivate_inactive": {
        "id": "{label} tidak dapat diaktifkan kembali: layanan {name} tidak aktif.",
        "en": "{label} cannot be reactivated: {name} is not active.",
    },
    "supervisor.actions.err.unavailable": {"id": "Layanan {name} tidak aktif.", "en": "{name} is not active."},
    "supervisor.actions.err.already_open": {
        "id": "{name} sudah dibuka koordinator hari ini.",
        "en": "{name} is already opened for today.",
    },
    "supervisor.actions.err.already_closed": {
        "id": "{name} sudah ditutup koordinator hari ini.",
        "en": "{name} is already closed for today.",
    },
    "supervisor.actions.err.already_hours": {
        "id": "{name} sudah mengikuti jam layanannya.",
        "en": "{name} already follows its opening hours.",
    },
    "supervisor.actions.err.quota_own": {
        "id": "Kuota {name} hari ini sudah kuota biasanya.",
        "en": "{name}'s quota today is already its usual one.",
    },
    "supervisor.actions.err.quota_same": {
        "id": "Kuota {name} hari ini sudah {quota}.",
        "en": "{name}'s quota today is already {quota}.",
    },
    "supervisor.actions.err.quota_low": {
        "id": "{name} sudah mengeluarkan {n} tiket hari ini; kuotanya tidak boleh lebih kecil.",
        "en": "{name} has issued {n} tickets today; the quota cannot be lower.",
    },
    "supervisor.actions.err.notice_same": {"id": "Pengumuman itu sudah tampil.", "en": "That notice is already shown."},
    "supervisor.actions.err.notice_none": {"id": "Tidak ada pengumuman untuk dihapus.", "en": "There is no notice to clear."},
    "supervisor.actions.err.db": {
        "id": "Basis data tidak dapat dijangkau: {detail}", "en": "The database cannot be reached: {detail}",
    },
    "supervisor.actions.err.unexpected": {
        "id": "Terjadi kesalahan tak terduga ({kind}); tindakan tidak dilakukan.",
        "en": "An unexpected error ({kind}); nothing was done.",
    },
    "supervisor.actions.verb.reactivated": {"id": "diaktifkan kembali", "en": "reactivated"},
    "supervisor.actions.verb.moved": {"id": "dipindahkan", "en": "moved"},
    "supervisor.actions.verb.cancelled": {"id": "dibatalkan", "en": "cancelled"},
    "supervisor.actions.verb.prioritised": {"id": "diubah prioritasnya", "en": "changed in priority"},
}
register(TEXTS)

STATUS_WORDS = ("waiting", "called", "serving", "done", "no_show", "cancelled", "transferred", "expired")


def status_text(status: str) -> str:
    """A ticket status in the current language (``menunggu``, ``tidak hadir``…)."""
    return _word("supervisor.actions.status", status.replace("-", "_").replace(" ", "_"))


def _word(prefix: str, value: str) -> str:
    key = f"{prefix}.{value}"
    text = tr(key)
    return value if text == key else text


# The core's English refusals (db.supervise, db.roles, db.queue) worth a translation: the
# pattern and the key whose text takes the pattern's named groups.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), key)
    for p, key in (
        (r"^the console session has (?:ended|expired); sign in again$", "supervisor.actions.err.session"),
        (r"^this needs a supervisor or administrator signed in$", "supervisor.actions.err.session"),
        (r"^this account has been disabled$", "supervisor.actions.err.disabled"),
        (r"^(?P<name>.+) is not (?:a supervisor or administrator|an administrator)$", "supervisor.actions.err.role"),
        (r"^ticket \S+ does not exist$", "supervisor.actions.err.no_ticket"),
        (r"^(?P<label>\S+) is not one of today's tickets$", "supervisor.actions.err.not_today"),
        (r"^cannot change the priority of (?P<label>\S+): it is (?P<status>[\w-]+)(?:, .+)?$",
         "supervisor.actions.err.priority_status"),
        (r"^(?P<label>\S+) is already a priority ticket$", "supervisor.actions.err.already_priority"),
        (r"^(?P<label>\S+) is not a priority ticket$", "supervisor.actions.err.not_priority"),
        (r"^cannot reactivate (?P<label>\S+): (?P<name>.+) is not available$", "supervisor.actions.err.reactivate_inactive"),
        (r"^cannot (?P<action>\w+) (?P<label>\S+): it is (?P<status>[\w-]+)(?:, .+)?$", "supervisor.actions.err.cannot"),
        (r"^(?P<label>\S+) is already in (?P<service>.+)$", "supervisor.actions.err.same_service"),
        (r"^service '?(?P<code>[^' ]+)'? does not exist$", "supervisor.actions.err.no_service"),
        (r"^(?P<name>.+) is not available$", "supervisor.actions.err.unavailable"),
        (r"^(?P<name>.+) is already open for today$", "supervisor.actions.err.already_open"),
        (r"^(?P<name>.+) is already closed for today$", "supervisor.actions.err.already_closed"),
        (r"^(?P<name>.+) follows its hours$", "supervisor.actions.err.already_hours"),
        (r"^today's quota of (?P<name>.+) is already its own.*$", "supervisor.actions.err.quota_own"),
        (r"^today's quota of (?P<name>.+) is already (?P<quota>\d+)$", "supervisor.actions.err.quota_same"),
        (r"^(?P<name>.+) has issued (?P<n>\d+) tickets today: the quota cannot be lower$", "supervisor.actions.err.quota_low"),
        (r"^the notice is already so$", "supervisor.actions.err.notice_same"),
        (r"^there is no notice to clear$", "supervisor.actions.err.notice_none"),
        (r"^counter (?P<n>\d+) does not exist$", "supervisor.actions.err.no_counter"),
        (r"^nobody is signed in at counter (?P<n>\d+).*$", "supervisor.actions.err.nobody"),
        (r"^counter (?P<n>\d+) is already paused$", "supervisor.actions.err.already_paused"),
        (r"^counter (?P<n>\d+) is not paused$", "supervisor.actions.err.not_paused"),
        (r"^close (?P<label>\S+) first: counter (?P<n>\d+) cannot pause while .+$", "supervisor.actions.err.close_first"),
    )
)

_VERBS = {"reactivate": "reactivated", "move": "moved", "cancel": "cancelled", "prioritise": "prioritised",
          "prioritize": "prioritised"}


def error_text(error: BaseException, names: Mapping[str, str] | None = None) -> str:
    """A refusal for the supervisor: the core's reason, in Indonesian when that is the language
    and the reason is a common one (else the English message as the core wrote it).

    The core names services by their English name; ``names`` maps those to the names to
    show (the Indonesian ones while the page speaks Indonesian).
    """
    if isinstance(error, DatabaseUnavailable):
        message = str(error)
        detail = message.split(": ", 1)[1] if ": " in message else message
        return tr("supervisor.actions.err.db", detail=detail)
    if isinstance(error, EditConflict):
        return tr("supervisor.actions.err.conflict", who=error.by or tr("supervisor.actions.err.someone"))
    if not isinstance(error, AntrianError):
        return tr("supervisor.actions.err.unexpected", kind=type(error).__name__)
    message = str(error).strip()
    for pattern, key in _PATTERNS:
        match = pattern.match(message)
        if match:
            values = match.groupdict()
            for group in ("name", "service"):
                if group in values and names:
                    values[group] = names.get(values[group], values[group])
            if "status" in values:
                values["status"] = status_text(values["status"])
            if "action" in values:
                values["action"] = _word("supervisor.actions.verb", _VERBS.get(values["action"], values["action"]))
            return tr(key, **values)
    return message[:1].upper() + message[1:]
