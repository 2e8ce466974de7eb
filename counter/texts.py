"""The counter app's texts (Indonesian first, English second) and plain-words error messages.

The core raises :class:`db.errors.AntrianError` with English sentences fit to show as they
are; :func:`error_text` turns the common ones into Indonesian when that is the language.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from db.errors import AntrianError, DatabaseUnavailable, LockedOut
from db.records import TicketInfo
from ui.i18n import register, tr, translator
from ui.waittext import clock_text as time_of_day
from ui.wording import database_unavailable_text

if TYPE_CHECKING:
    from db.records import TicketInfo

TEXTS: dict[str, dict[str, str]] = {
    # -- sign-in ------------------------------------------------------------------------------
    "counter.title": {"id": "Antrian", "en": "Antrian"},  # the product name
    "counter.signin.heading": {"id": "Masuk Petugas Loket", "en": "Counter Officer Sign-in"},
    "counter.signin.user": {"id": "Nama pengguna", "en": "Username"},
    "counter.signin.password": {"id": "Kata sandi", "en": "Password"},
    "counter.signin.counter": {"id": "Loket", "en": "Counter"},
    "counter.signin.submit": {"id": "Masuk  (Enter)", "en": "Sign in  (Enter)"},
    "counter.signin.loading": {"id": "Memuat daftar loket…", "en": "Loading the counters…"},
    "counter.signin.busy": {"id": "Sedang masuk…", "en": "Signing in…"},
    "counter.signin.need_user": {"id": "Isi nama pengguna dan kata sandi.", "en": "Enter your username and password."},
    "counter.signin.no_counter": {"id": "Pilih loket.", "en": "Choose a counter."},
    "counter.signin.no_counters": {
        "id": "Belum ada loket aktif. Minta admin menambahkannya.",
        "en": "There is no active counter yet. Ask the administrator to add one.",
    },
    "counter.signin.env_missing": {
        "id": "Variabel lingkungan {var} tidak berisi kata sandi.",
        "en": "The environment variable {var} holds no password.",
    },
    "counter.signin.occupied_by": {"id": "{name} — {officer}", "en": "{name} — {officer}"},
    "counter.signin.takeover": {
        "id": "{officer} sedang masuk di {counter}. Ambil alih?",
        "en": "{officer} is signed in at {counter}. Take over?",
    },
    "counter.signin.takeover_yes": {"id": "Ambil alih  (Enter)", "en": "Take over  (Enter)"},
    "counter.signin.takeover_no": {"id": "Batal  (Esc)", "en": "Cancel  (Esc)"},
    "counter.signin.taken_over": {
        "id": "{officer} mengambil alih {counter}. Silakan masuk kembali.",
        "en": "{officer} took over {counter}. Please sign in again.",
    },
    "counter.signin.signed_out_elsewhere": {
        "id": "Anda dikeluarkan dari {counter}. Silakan masuk kembali.",
        "en": "You were signed out of {counter}. Please sign in again.",
    },
    "counter.counter_name": {"id": "Loket {n}", "en": "Counter {n}"},
    "counter.language": {"id": "English", "en": "Bahasa Indonesia"},
    "counter.sign_out": {"id": "Keluar", "en": "Sign out"},
    # -- actions --------------------------------------------------------------------------------
    "counter.action.call_next": {"id": "Panggil Berikutnya", "en": "Call Next"},
    "counter.action.recall": {"id": "Panggil Ulang", "en": "Recall"},
    "counter.action.start": {"id": "Mulai Layani", "en": "Start Serving"},
    "counter.action.finish": {"id": "Selesai", "en": "Finish"},
    "counter.action.no_show": {"id": "Tidak Hadir", "en": "No-show"},
    "counter.action.transfer": {"id": "Alihkan Layanan", "en": "Transfer"},
    "counter.action.call_chosen": {"id": "Panggil Terpilih", "en": "Call Selected"},
    "counter.action.pause": {"id": "Jeda", "en": "Pause"},
    "counter.action.resume": {"id": "Lanjutkan", "en": "Resume"},
    "counter.key.space": {"id": "Spasi", "en": "Space"},
    # -- closing a visit only called, before calling another (issue 10) ---------------------------
    "counter.close.prompt": {
        "id": "{label} belum mulai dilayani — F5 Tidak hadir · F4 Selesai",
        "en": "{label} has not been served yet — F5 No-show · F4 Finished",
    },
    "counter.close.no_show": {"id": "Tidak hadir  (F5)", "en": "No-show  (F5)"},
    "counter.close.done": {"id": "Selesai  (F4)", "en": "Finished  (F4)"},
    "counter.close.cancel": {"id": "Batal  (Esc)", "en": "Cancel  (Esc)"},
    # -- current ticket -------------------------------------------------------------------------
    "counter.state.idle": {"id": "Tidak ada pengunjung di loket", "en": "No visitor at the counter"},
    "counter.state.called": {"id": "Dipanggil — menunggu pengunjung datang", "en": "Called — waiting for the visitor"},
    "counter.state.serving": {"id": "Sedang dilayani", "en": "Being served"},
    "counter.state.paused": {"id": "Loket dijeda ({reason})", "en": "Counter paused ({reason})"},
    "counter.state.paused_plain": {"id": "Loket dijeda", "en": "Counter paused"},
    "counter.state.offline": {"id": "Tidak tersambung ke basis data", "en": "Not connected to the database"},
    "counter.current.resume_hint": {"id": "Tekan F8 untuk melanjutkan", "en": "Press F8 to resume"},
    "counter.current.waited": {"id": "Menunggu {t} sebelum dipanggil", "en": "Waited {t} before the call"},
    "counter.current.called_ago": {"id": "Dipanggil {t} yang lalu", "en": "Called {t} ago"},
    "counter.current.serving_for": {"id": "Lama layanan {t}", "en": "Serving for {t}"},
    "counter.current.recalls": {"id": "dipanggil ulang {n}×", "en": "recalled {n}×"},
    "counter.current.priority": {"id": "★ Prioritas", "en": "★ Priority"},
    "counter.current.booked": {"id": "◷ Booking {time}", "en": "◷ Booked {time}"},
    "counter.current.transferred": {"id": "dialihkan dari layanan lain", "en": "transferred from another service"},
    "counter.cue": {
        "id": "Ada pengunjung menunggu — tekan F1",
        "en": "A visitor is waiting — press F1",
    },
    # -- waiting list and figures -----------------------------------------------------------------
    "counter.waiting.heading": {"id": "Daftar Tunggu ({n})", "en": "Waiting ({n})"},
    "counter.waiting.col_number": {"id": "Nomor", "en": "Number"},
    "counter.waiting.col_service": {"id": "Layanan", "en": "Service"},
    "counter.waiting.col_wait": {"id": "Menunggu", "en": "Waiting"},
    "counter.waiting.col_mark": {"id": "Keterangan", "en": "Note"},
    "counter.waiting.priority": {"id": "★ Prioritas", "en": "★ Priority"},
    "counter.waiting.booked": {"id": "◷ Booking {time}", "en": "◷ Booked {time}"},
    "counter.waiting.overdue": {"id": "melewati target {n} mnt", "en": "{n} min over target"},
    "counter.waiting.empty": {"id": "Tidak ada yang menunggu", "en": "Nobody is waiting"},
    "counter.waiting.hint": {
        "id": "↑/↓ pilih, Enter atau klik dua kali untuk memanggil nomor terpilih",
        "en": "↑/↓ to choose, Enter or double-click to call the chosen number",
    },
    "counter.figures.heading": {"id": "Hari ini di loket ini", "en": "Today at this counter"},
    "counter.figures.served": {"id": "Dilayani", "en": "Served"},
    "counter.figures.no_shows": {"id": "Tidak hadir", "en": "No-shows"},
    "counter.figures.average": {"id": "Rata-rata layanan", "en": "Average service"},
    "counter.figures.none": {"id": "—", "en": "—"},
    "counter.figures.minutes": {"id": "{m} mnt", "en": "{m} min"},
    # -- durations --------------------------------------------------------------------------------
    "counter.dur.s": {"id": "{s} dtk", "en": "{s} s"},
    "counter.dur.m": {"id": "{m} mnt", "en": "{m} min"},
    "counter.dur.hm": {"id": "{h} jam {m} mnt", "en": "{h} h {m} min"},
    "counter.dur.ms": {"id": "{m} mnt {s} dtk", "en": "{m} min {s} s"},
    "counter.dur.hms": {"id": "{h} jam {m} mnt {s} dtk", "en": "{h} h {m} min {s} s"},
    # -- choosers ---------------------------------------------------------------------------------
    "counter.choose.ok": {"id": "Pilih  (Enter)", "en": "Choose  (Enter)"},
    "counter.choose.cancel": {"id": "Batal  (Esc)", "en": "Cancel  (Esc)"},
    "counter.transfer.title": {"id": "Alihkan {label} ke layanan", "en": "Transfer {label} to a service"},
    "counter.transfer.option": {"id": "{code} — {name}  ({n} menunggu)", "en": "{code} — {name}  ({n} waiting)"},
    "counter.transfer.none": {"id": "Tidak ada layanan lain yang aktif.", "en": "No other service is active."},
    "counter.pause.title": {"id": "Alasan jeda", "en": "Reason for the pause"},
    "counter.pause.break": {"id": "Istirahat", "en": "Break"},
    "counter.pause.prayer": {"id": "Salat", "en": "Prayer"},
    "counter.pause.meeting": {"id": "Rapat", "en": "Meeting"},
    "counter.pause.other": {"id": "Lainnya…", "en": "Other…"},
    "counter.pause.other_hint": {"id": "Tulis alasannya", "en": "Type the reason"},
    # -- results ----------------------------------------------------------------------------------
    "counter.msg.called": {"id": "{label} dipanggil ke loket.", "en": "{label} called to the counter."},
    "counter.msg.finished_called": {
        "id": "{done} selesai; {label} dipanggil.",
        "en": "{done} finished; {label} called.",
    },
    "counter.msg.nobody": {"id": "Tidak ada pengunjung yang menunggu.", "en": "Nobody is waiting."},
    "counter.msg.finished_nobody": {
        "id": "{done} selesai. Tidak ada pengunjung yang menunggu.",
        "en": "{done} finished. Nobody is waiting.",
    },
    "counter.msg.no_show_called": {
        "id": "{done} ditandai tidak hadir; {label} dipanggil.",
        "en": "{done} marked as no-show; {label} called.",
    },
    "counter.msg.no_show_nobody": {
        "id": "{done} ditandai tidak hadir. Tidak ada pengunjung yang menunggu.",
        "en": "{done} marked as no-show. Nobody is waiting.",
    },
    "counter.msg.recalled": {"id": "{label} dipanggil ulang.", "en": "{label} called again."},
    "counter.msg.started": {"id": "Mulai melayani {label}.", "en": "Serving {label}."},
    "counter.msg.finished": {"id": "{label} selesai dilayani.", "en": "{label} finished."},
    "counter.msg.no_show": {"id": "{label} ditandai tidak hadir.", "en": "{label} marked as no-show."},
    "counter.msg.transferred": {
        "id": "{label} dialihkan ke {service}; nomor dan urutannya tetap.",
        "en": "{label} transferred to {service}; same number, same place in the queue.",
    },
    "counter.msg.paused": {"id": "Loket dijeda ({reason}). Tekan F8 untuk melanjutkan.",
                           "en": "Counter paused ({reason}). Press F8 to resume."},
    "counter.msg.resumed": {"id": "Loket dilanjutkan.", "en": "Counter resumed."},
    "counter.msg.queued_call": {
        "id": "Panggil berikutnya akan dijalankan begitu tindakan ini selesai.",
        "en": "Call next will run as soon as this action is done.",
    },
    "counter.msg.already_calling": {"id": "Sedang memanggil… tunggu sebentar.", "en": "Calling… one moment."},
    "counter.msg.busy": {
        "id": "Tunggu, tindakan sebelumnya masih berjalan; tekan lagi setelah selesai.",
        "en": "Wait, the previous action is still running; press again once it is done.",
    },
    "counter.msg.pending_dropped": {
        "id": "Panggil berikutnya tidak dijalankan.",
        "en": "Call next was not run.",
    },
    "counter.msg.unexpected": {
        "id": "Terjadi kesalahan tak terduga ({kind}); tindakan tidak dilakukan.",
        "en": "Something unexpected went wrong ({kind}); the action was not done.",
    },
    "counter.msg.read_failed": {
        "id": "Data tidak dapat dibaca: {error}. Mencoba lagi…",
        "en": "Cannot read the data: {error}. Retrying…",
    },
    "counter.msg.reconnected": {"id": "Tersambung kembali ke basis data.", "en": "Connected to the database again."},
    "counter.msg.lost": {
        "id": "Koneksi ke basis data terputus. Tombol dinonaktifkan sampai tersambung kembali.",
        "en": "The database connection was lost. Buttons are off until it is back.",
    },
    # -- why an action cannot run now --------------------------------------------------------------
    "counter.why.offline": {
        "id": "Tidak tersambung ke basis data; tunggu sampai tersambung kembali.",
        "en": "Not connected to the database; wait until it is back.",
    },
    "counter.why.paused": {
        "id": "Loket sedang dijeda; tekan F8 untuk melanjutkan dulu.",
        "en": "The counter is paused; press F8 to resume first.",
    },
    "counter.why.no_visitor": {"id": "Tidak ada pengunjung di loket.", "en": "There is no visitor at the counter."},
    "counter.why.not_called": {
        "id": "{label} sedang dilayani; tindakan ini hanya untuk nomor yang baru dipanggil.",
        "en": "{label} is already being served; this is only for a number just called.",
    },
    "counter.why.close_first": {
        "id": "Selesaikan {label} dulu sebelum menjeda loket.",
        "en": "Finish {label} first before pausing the counter.",
    },
    "counter.why.space_idle": {
        "id": "Spasi hanya memanggil saat loket kosong; tekan F1 untuk memanggil berikutnya.",
        "en": "Space only calls when the counter is free; press F1 to call next.",
    },
    "counter.why.no_selection": {
        "id": "Pilih dulu nomor di daftar tunggu (↑/↓).",
        "en": "Choose a number in the waiting list first (↑/↓).",
    },
    # -- core errors in Indonesian -----------------------------------------------------------------
    "counter.err.taken": {"id": "{label} baru saja diambil oleh loket {n}.", "en": "{label} was just taken by counter {n}."},
    "counter.err.not_waiting": {"id": "{label} sudah tidak menunggu ({status}).",
                                "en": "{label} is no longer waiting ({status})."},
    "counter.err.paused": {
        "id": "Loket {n} sedang dijeda; tekan F8 untuk melanjutkan sebelum memanggil.",
        "en": "Counter {n} is paused; press F8 to resume before calling.",
    },
    "counter.err.no_visitor": {"id": "Tidak ada pengunjung di loket {n}.", "en": "There is no visitor at counter {n}."},
    "counter.err.cannot": {"id": "Tidak dapat {action} {label}: statusnya {status}.",
                           "en": "Cannot {action} {label}: it is {status}."},
    "counter.err.not_started": {
        "id": "{label} belum mulai dilayani; pilih dulu: Tidak hadir (F5) atau Selesai (F4).",
        "en": "{label} has not been served yet; choose first: No-show (F5) or Finished (F4).",
    },
    "counter.err.close_first": {
        "id": "Selesaikan {label} dulu sebelum menjeda loket.",
        "en": "Finish {label} first before pausing the counter.",
    },
    "counter.err.already_paused": {"id": "Loket {n} sudah dijeda.", "en": "Counter {n} is already paused."},
    "counter.err.not_paused": {"id": "Loket {n} tidak sedang dijeda.", "en": "Counter {n} is not paused."},
    "counter.err.same_service": {"id": "{label} sudah berada di {service}.", "en": "{label} is already in {service}."},
    "counter.err.auth": {"id": "Nama pengguna atau kata sandi salah.", "en": "Wrong username or password."},
    "counter.err.locked_out": {
        "id": "Terlalu banyak percobaan. Coba lagi pukul {time}.",
        "en": "Too many attempts. Try again at {time}.",
    },
    "counter.err.not_signed_in": {
        "id": "Belum ada petugas yang masuk di loket {n}. Silakan masuk dulu.",
        "en": "Nobody is signed in at counter {n}. Sign in first.",
    },
    "counter.err.not_yours": {
        "id": "Anda tidak lagi masuk di loket {n}; tindakan tidak dilakukan. Silakan masuk kembali.",
        "en": "You are no longer signed in at counter {n}; the action was not done. Please sign in again.",
    },
    "counter.err.unavailable": {"id": "{name} tidak tersedia.", "en": "{name} is not available."},
    "counter.err.no_counter": {"id": "Loket {n} tidak ada.", "en": "Counter {n} does not exist."},
    "counter.err.inactive_counter": {"id": "Loket {n} tidak aktif.", "en": "Counter {n} is not active."},
    "counter.err.locked": {
        "id": "Basis data sedang dikunci program lain; tindakan tidak dilakukan. Coba lagi.",
        "en": "The database is locked by another program; the action was not done. Try again.",
    },
    "counter.err.db": {
        "id": "Basis data tidak dapat dijangkau ({detail}); tindakan tidak dilakukan.",
        "en": "The database cannot be reached ({detail}); the action was not done.",
    },
    # -- ticket states and verbs inside messages ---------------------------------------------------
    "counter.status.waiting": {"id": "menunggu", "en": "waiting"},
    "counter.status.called": {"id": "dipanggil", "en": "called"},
    "counter.status.serving": {"id": "sedang dilayani", "en": "being served"},
    "counter.status.done": {"id": "selesai", "en": "done"},
    "counter.status.no-show": {"id": "tidak hadir", "en": "no-show"},
    "counter.status.cancelled": {"id": "dibatalkan", "en": "cancelled"},
    "counter.status.transferred": {"id": "dialihkan", "en": "transferred"},
    "counter.status.expired": {"id": "kedaluwarsa", "en": "expired"},
    "counter.verb.recall": {"id": "memanggil ulang", "en": "recall"},
    "counter.verb.start serving": {"id": "mulai melayani", "en": "start serving"},
    "counter.verb.finish": {"id": "menyelesaikan", "en": "finish"},
    "counter.verb.mark as no-show": {"id": "menandai tidak hadir", "en": "mark as no-show"},
    "counter.verb.transfer": {"id": "mengalihkan", "en": "transfer"},
}

register(TEXTS)

# (pattern over the core's English message, text key); named groups fill the text.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), key)
    for p, key in (
        (r"^(?P<label>\S+) was just taken by counter (?P<n>\d+)$", "counter.err.taken"),
        (r"^(?P<label>\S+) is no longer waiting \((?P<status>[^)]+)\)$", "counter.err.not_waiting"),
        (r"^counter (?P<n>\d+) is paused; resume it to call visitors$", "counter.err.paused"),
        (r"^counter (?P<n>\d+) has no visitor to .+$", "counter.err.no_visitor"),
        (r"^cannot (?P<action>.+) (?P<label>\S+): it is (?P<status>.+)$", "counter.err.cannot"),
        (r"^(?P<label>\S+) was called but not served yet: .+$", "counter.err.not_started"),
        (r"^close (?P<label>\S+) first: counter (?P<n>\d+) cannot pause while .+$", "counter.err.close_first"),
        (r"^counter (?P<n>\d+) is already paused$", "counter.err.already_paused"),
        (r"^counter (?P<n>\d+) is not paused$", "counter.err.not_paused"),
        (r"^(?P<label>\S+) is already in (?P<service>.+)$", "counter.err.same_service"),
        (r"^wrong username or password$", "counter.err.auth"),
        (r"^nobody is signed in at counter (?P<n>\d+); sign in first$", "counter.err.not_signed_in"),
        (r"^you are not signed in at counter (?P<n>\d+); sign in there first$", "counter.err.not_yours"),
        (r"^(?P<name>.+) is not available$", "counter.err.unavailable"),
        (r"^counter (?P<n>\d+) does not exist$", "counter.err.no_counter"),
        (r"^counter (?P<n>\d+) is not active$", "counter.err.inactive_counter"),
    )
)


def _word(prefix: str, value: str) -> str:
    """A status or verb inside a message, in the current language (as is when unknown)."""
    key = f"{prefix}.{value}"
    text = tr(key)
    return value if text == key else text


def error_text(error: BaseException) -> str:
    """A sentence for the officer: the core's message, in Indonesian when that is the language."""
    if isinstance(error, DatabaseUnavailable):
        return database_unavailable_text(error, "counter.err")
    if not isinstance(error, AntrianError):
        return tr("counter.msg.unexpected", kind=type(error).__name__)
    if isinstance(error, LockedOut):
        return tr("counter.err.locked_out", time=time_of_day(error.local_until))
    message = str(error).strip()
    for pattern, key in _PATTERNS:
        match = pattern.match(message)
        if match:
            values = match.groupdict()
            if "status" in values:
                values["status"] = _word("counter.status", values["status"])
            if "action" in values:
                values["action"] = _word("counter.verb", values["action"])
            return tr(key, **values)
    if translator().language == "en" or not message:
        return message[:1].upper() + message[1:]
    return message


def duration_text(seconds: float) -> str:
    """A short waiting or service time: ``45 dtk``, ``12 mnt``, ``1 jam 5 mnt``."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return tr("counter.dur.s", s=seconds)
    minutes = seconds // 60
    if minutes < 60:
        return tr("counter.dur.m", m=minutes)
    return tr("counter.dur.hm", h=minutes // 60, m=minutes % 60)


def elapsed_text(seconds: float) -> str:
    """A running duration that cannot be read as a time of day: ``4 mnt 28 dtk``, ``1 jam 4 mnt 12 dtk``."""
    seconds = max(0, int(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    if h:
        return tr("counter.dur.hms", h=h, m=m, s=s)
    if m:
        return tr("counter.dur.ms", m=m, s=s)
    return tr("counter.dur.s", s=s)


def clock_text(seconds: float) -> str:
    """A running timer: ``04:12`` or ``1:04:12``."""
    seconds = max(0, int(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def counter_name(number: int) -> str:
    """``Loket 3`` / ``Counter 3``."""
    return tr("counter.counter_name", n=number)


def ticket_service_name(ticket: TicketInfo) -> str:
    """A ticket's service name in the current language."""
    return ticket.service_name_en if translator().language == "en" else ticket.service_name_id
