"""Booking codes: six characters a visitor can read aloud, type on a keypad or scan.

The alphabet leaves out 0/O and 1/I, which people (and fonts) confuse. The sixth
character is a check character over the first five (weights 1..5, modulo 31, a
prime): a single mistyped character or two swapped neighbours are caught, so the kiosk
can say "check the code" instead of "no such booking".
"""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 6
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
# What a visitor or a scanner may put between the characters: "K7P 4QX", "K7P-4QX".
_SEPARATORS = str.maketrans("", "", " -_.\t")


def check_character(body: str) -> str:
    """The check character of a code's first five characters."""
    return ALPHABET[sum((i + 1) * _VALUE[ch] for i, ch in enumerate(body)) % 31]


def new_code() -> str:
    """A random valid code (cryptographically random: codes cannot be guessed in a row)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH - 1))
    return body + check_character(body)


def clean(text: str) -> str:
    """``text`` upper-cased without separators (what :func:`normalise_code` checks)."""
    return text.strip().upper().translate(_SEPARATORS)


def normalise_code(text: str) -> str | None:
    """The code in ``text`` (``"k7p 4qx"``, ``"K7P-4QX"`` → ``"K7P4QX"``), or None when it is
    not six characters of the alphabet or its check character is wrong."""
    code = clean(text)
    if len(code) != CODE_LENGTH or any(ch not in _VALUE for ch in code):
        return None
    return code if check_character(code[:-1]) == code[-1] else None


def grouped(code: str) -> str:
    """A code as printed and shown: ``K7P 4QX``."""
    return f"{code[:3]} {code[3:]}"
