"""The console's shared texts (Indonesian first, English second), durations and error sentences.

Each page registers its own texts in its module; what more than one page uses lives here:
the window's header and tabs, the sign-in page, durations written as the rest of the
product writes them ("4 mnt 28 dtk", "1 jam 5 mnt") and the core's errors in plain words.
"""

from __future__ import annotations

from db.errors import AntrianError, AuthError, DatabaseUnavailable, LockedOut, NotPermitted
from ui.i18n import register, tr
from ui.waittext import clock_text
from ui.wording import database_unavailable_text

TEXTS: dict[str, dict[str, str]] = {
    "supervisor.title": {"id": "Konsol Koordinator Layanan", "en": "Service Supervisor Console"},
    "supervisor.language": {"id": "English", "en": "Bahasa Indonesia"},
    "supervisor.sign_out": {"id": "Keluar", "en": "Sign out"},
    "supervisor.role.supervisor": {"id": "Koordinator Layanan", "en": "Service supervisor"},
    "supervisor.role.admin": {"id": "Administrator", "en": "Administrator"},
    "supervisor.tab.floor": {"id": "Lantai", "en": "Floor"},
    "supervisor.tab.actions": {"id": "Tindakan", "en": "Actions"},
    "supervisor.tab.admin": {"id": "Administrasi", "en": "Administration"},
    "supervisor.tab.audit": {"id": "Audit", "en": "Audit"},
    # -- sign-in ----------------------------------------------------------------------------------
    "supervisor.signin.heading": {"id": "Masuk Koordinator Layanan", "en": "Supervisor Sign-in"},
    "supervisor.signin.user": {"id": "Nama pengguna", "en": "Username"},
    "supervisor.signin.password": {"id": "Kata sandi", "en": "Password"},
    "supervisor.signin.submit": {"id": "Masuk  (Enter)", "en": "Sign in  (Enter)"},
    "supervisor.signin.busy": {"id": "Sedang masuk…", "en": "Signing in…"},
    "supervisor.signin.need_user": {"id": "Isi nama pengguna dan kata sandi.", "en": "Enter your username and password."},
    "supervisor.signin.env_missing": {
        "id": "Variabel lingkungan {var} tidak berisi kata sandi.",
        "en": "The environment variable {var} holds no password.",
    },
    "supervisor.signin.signed_out": {"id": "Anda telah keluar.", "en": "You have signed out."},
    # -- durations --------------------------------------------------------------------------------
    "supervisor.dur.s": {"id": "{s} dtk", "en": "{s} s"},
    "supervisor.dur.m": {"id": "{m} mnt", "en": "{m} min"},
    "supervisor.dur.h": {"id": "{h} jam", "en": "{h} h"},
    "supervisor.dur.hm": {"id": "{h} jam {m} mnt", "en": "{h} h {m} min"},
    "supervisor.dur.ms": {"id": "{m} mnt {s} dtk", "en": "{m} min {s} s"},
    "supervisor.counter_name": {"id": "Loket {n}", "en": "Counter {n}"},
    # -- errors -----------------------------------------------------------------------------------
    "supervisor.err.auth": {"id": "Nama pengguna atau kata sandi salah.", "en": "Wrong username or password."},
    "supervisor.err.locked_out": {
        "id": "Terlalu banyak percobaan. Coba lagi pukul {time}.",
        "en": "Too many attempts. Try again at {time}.",
    },
    "supervisor.err.not_permitted": {
        "id": "Akun ini bukan koordinator layanan atau administrator.",
        "en": "This account is not a service supervisor or administrator.",
    },
    "supervisor.err.session": {
        "id": "Sesi konsol sudah berakhir; silakan masuk lagi.",
        "en": "The console session has ended; sign in again.",
    },
    "supervisor.err.locked": {
        "id": "Basis data sedang dikunci program lain. Coba lagi.",
        "en": "The database is locked by another program. Try again.",
    },
    "supervisor.err.db": {
        "id": "Basis data tidak dapat dijangkau ({detail}).",
        "en": "The database cannot be reached ({detail}).",
    },
    "supervisor.err.unexpected": {
        "id": "Terjadi kesalahan tak terduga ({kind}).",
        "en": "Something unexpected went wrong ({kind}).",
    },
}
register(TEXTS)


def counter_name(number: int) -> str:
    """``Loket 3`` / ``Counter 3``."""
    return tr("supervisor.counter_name", n=number)


def duration_text(seconds: float) -> str:
    """A waiting or service time as the product writes it: ``45 dtk``, ``4 mnt 28 dtk``,
    ``12 mnt`` from ten minutes on, ``1 jam 5 mnt``."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return tr("supervisor.dur.s", s=seconds)
    minutes, rest = divmod(seconds, 60)
    if minutes < 10:
        return tr("supervisor.dur.ms", m=minutes, s=rest)
    if minutes < 60:
        return tr("supervisor.dur.m", m=minutes)
    return _hours(minutes)


def minutes_text(minutes: float) -> str:
    """A standard, or minutes gone by, in whole minutes (cut, as the running times are):
    ``15 mnt``, ``1 jam 30 mnt``."""
    whole = max(0, int(minutes))
    if whole < 60:
        return tr("supervisor.dur.m", m=whole)
    return _hours(whole)


def _hours(minutes: int) -> str:
    """``9 jam`` or ``1 jam 5 mnt``."""
    h, m = divmod(minutes, 60)
    return tr("supervisor.dur.hm", h=h, m=m) if m else tr("supervisor.dur.h", h=h)


def error_text(error: BaseException) -> str:
    """A sentence for the supervisor: the core's refusal, in Indonesian when that is the language."""
    if isinstance(error, DatabaseUnavailable):
        return database_unavailable_text(error, "supervisor.err")
    if isinstance(error, LockedOut):
        return tr("supervisor.err.locked_out", time=clock_text(error.local_until))
    if isinstance(error, AuthError):
        return tr("supervisor.err.auth")
    if isinstance(error, NotPermitted):
        message = str(error)
        if "session" in message:
            return tr("supervisor.err.session")
        if "is not a supervisor or administrator" in message:
            return tr("supervisor.err.not_permitted")
        return message[:1].upper() + message[1:]
    if isinstance(error, AntrianError):
        message = str(error).strip()
        return message[:1].upper() + message[1:]
    return tr("supervisor.err.unexpected", kind=type(error).__name__)
