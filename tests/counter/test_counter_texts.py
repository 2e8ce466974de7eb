"""The officer reads the core's refusals in plain Indonesian (or English)."""

from __future__ import annotations

import pytest

from counter.texts import clock_text, duration_text, elapsed_text, error_text
from db.errors import (
    AuthError,
    CounterPaused,
    DatabaseUnavailable,
    InvalidState,
    ServiceUnavailable,
    TicketTaken,
)
from ui.i18n import translator


@pytest.fixture(autouse=True)
def _indonesian() -> object:
    translator().set_language("id")
    yield
    translator().set_language("id")


@pytest.mark.parametrize(
    ("error", "indonesian", "english"),
    [
        (TicketTaken("A-007 was just taken by counter 2"), "A-007 baru saja diambil oleh loket 2.",
         "A-007 was just taken by counter 2."),
        (TicketTaken("A-007 is no longer waiting (cancelled)"), "A-007 sudah tidak menunggu (dibatalkan).",
         "A-007 is no longer waiting (cancelled)."),
        (CounterPaused("counter 1 is paused; resume it to call visitors"),
         "Loket 1 sedang dijeda; tekan F8 untuk melanjutkan sebelum memanggil.",
         "Counter 1 is paused; press F8 to resume before calling."),
        (InvalidState("counter 3 has no visitor to recall"), "Tidak ada pengunjung di loket 3.",
         "There is no visitor at counter 3."),
        (InvalidState("cannot recall A-001: it is serving"), "Tidak dapat memanggil ulang A-001: statusnya sedang dilayani.",
         "Cannot recall A-001: it is being served."),
        (InvalidState("cannot mark as no-show B-002: it is serving"),
         "Tidak dapat menandai tidak hadir B-002: statusnya sedang dilayani.",
         "Cannot mark as no-show B-002: it is being served."),
        (InvalidState("counter 2 is already paused"), "Loket 2 sudah dijeda.", "Counter 2 is already paused."),
        (InvalidState("A-001 is already in CAPA Desk"), "A-001 sudah berada di CAPA Desk.", "A-001 is already in CAPA Desk."),
        (AuthError("wrong username or password"), "Nama pengguna atau kata sandi salah.", "Wrong username or password."),
        (ServiceUnavailable("CAPA Desk is not available", "inactive"), "CAPA Desk tidak tersedia.",
         "CAPA Desk is not available."),
        (DatabaseUnavailable("database unavailable: the database file is locked by another program and stayed "
                             "locked for 10 s; the action was not done, try again"),
         "Basis data sedang dikunci program lain; tindakan tidak dilakukan. Coba lagi.",
         "The database is locked by another program; the action was not done. Try again."),
        (DatabaseUnavailable("database connection lost: server closed the connection"),
         "Basis data tidak dapat dijangkau (server closed the connection); tindakan tidak dilakukan.",
         "The database cannot be reached (server closed the connection); the action was not done."),
    ],
)
def test_core_errors_read_in_both_languages(error: Exception, indonesian: str, english: str) -> None:
    assert error_text(error) == indonesian
    translator().set_language("en")
    assert error_text(error) == english


def test_unknown_core_message_is_shown_as_it_is() -> None:
    assert error_text(InvalidState("something new happened")) == "something new happened"
    translator().set_language("en")
    assert error_text(InvalidState("something new happened")) == "Something new happened"


def test_a_bug_is_not_shown_as_a_traceback() -> None:
    assert error_text(KeyError("x")) == "Terjadi kesalahan tak terduga (KeyError); tindakan tidak dilakukan."


def test_durations() -> None:
    assert duration_text(42) == "42 dtk"
    assert duration_text(12 * 60 + 5) == "12 mnt"
    assert duration_text(65 * 60) == "1 jam 5 mnt"
    assert clock_text(252) == "04:12"
    assert elapsed_text(268) == "4 mnt 28 dtk"
    assert elapsed_text(3852) == "1 jam 4 mnt 12 dtk"
    assert elapsed_text(9) == "9 dtk"
    assert clock_text(3852) == "1:04:12"
    translator().set_language("en")
    assert duration_text(12 * 60) == "12 min"
