"""Errors the core raises. Each carries a message fit to show a user as it is."""

from __future__ import annotations

from datetime import datetime


class AntrianError(Exception):
    """Base class: an expected failure whose message is shown to the user unchanged."""


class DatabaseUnavailable(AntrianError):
    """The database cannot be reached or opened (wrong URL, server down, file locked)."""


class WriteConflict(DatabaseUnavailable):
    """PostgreSQL aborted the transaction (deadlock or serialization failure); retry it whole."""


class SchemaTooNew(AntrianError):
    """The database was written by a newer Antrian version than this one."""


class DatabaseDamaged(DatabaseUnavailable):
    """The SQLite file is damaged or is not an SQLite database; nothing was written."""


class ForeignDatabase(AntrianError):
    """The database holds another program's tables, or no Antrian schema outside ``antrian init``."""


class AccessDenied(DatabaseUnavailable):
    """The database role (or the file's permissions) does not allow the action."""


class ConfigError(AntrianError):
    """A site configuration file is malformed; nothing from it was applied."""


class ServiceUnavailable(AntrianError):
    """A ticket was refused: the service is closed, full for the day, or inactive.

    ``reason`` is one of ``closed``, ``quota``, ``inactive``.
    """

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class NotFound(AntrianError):
    """A service, counter, officer or ticket named by the caller does not exist."""


class CounterPaused(AntrianError):
    """The counter is paused and cannot call anyone until it resumes."""


class InvalidState(AntrianError):
    """The action does not fit the ticket's or counter's current state."""


class TicketTaken(InvalidState):
    """The chosen ticket was taken by another counter (or changed) a moment ago."""


class VisitNotStarted(InvalidState):
    """Calling would close a visit that was only called, never started: the caller must say
    whether it is done or a no-show (``close_as``). ``label`` is that ticket's number."""

    def __init__(self, message: str, label: str) -> None:
        super().__init__(message)
        self.label = label


class CounterOccupied(AntrianError):
    """Another officer is signed in at this counter; a take-over must be confirmed."""

    def __init__(self, message: str, officer: str) -> None:
        super().__init__(message)
        self.officer = officer


class AuthError(AntrianError):
    """Wrong username or password, or an inactive officer."""


class LockedOut(AuthError):
    """Too many wrong passwords (or kiosk PINs) in a row: refused until ``until``.

    ``until`` is UTC; ``local_until`` the same moment in the site's time zone, for the
    sentence a screen shows ("Coba lagi pukul 10.35.").
    """

    def __init__(self, message: str, until: datetime, local_until: datetime) -> None:
        super().__init__(message)
        self.until = until
        self.local_until = local_until


class NotSignedIn(AntrianError):
    """A counter operation at a counter where no officer is signed in."""


class NotPermitted(AntrianError):
    """The acting officer lacks the role for the operation, is not signed in where it is
    done, or the console session has ended (signed out, disabled, role changed)."""


class EditConflict(AntrianError):
    """Someone else changed the record since the caller read it: nothing was written; the
    caller re-reads and decides again. ``by`` names who changed it when known."""

    def __init__(self, message: str, by: str | None = None) -> None:
        super().__init__(message)
        self.by = by
