"""Number words for spoken announcements, Indonesian and English, 0..9999.

Words are separated by single spaces (no hyphens, no "and"), because the
announcer looks up one recorded clip per word: ``words_en(21) == "twenty one"``.
"""

from __future__ import annotations

MIN_NUMBER = 0
MAX_NUMBER = 9999

_ID_UNITS = (
    "nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
)

_EN_UNITS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
    "seventeen", "eighteen", "nineteen",
)
_EN_TENS = (
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
)


def _check_range(n: int) -> None:
    """Raise ValueError unless ``n`` is an int in MIN_NUMBER..MAX_NUMBER."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValueError(f"expected an int, got {n!r}")
    if not MIN_NUMBER <= n <= MAX_NUMBER:
        raise ValueError(f"{n} is outside {MIN_NUMBER}..{MAX_NUMBER}")


def _id_below_100(n: int) -> list[str]:
    """Indonesian words for 1..99 (never "nol")."""
    if n < 10:
        return [_ID_UNITS[n]]
    if n == 10:
        return ["sepuluh"]
    if n == 11:
        return ["sebelas"]
    if n < 20:
        return [_ID_UNITS[n - 10], "belas"]
    tens, unit = divmod(n, 10)
    words = [_ID_UNITS[tens], "puluh"]
    if unit:
        words.append(_ID_UNITS[unit])
    return words


def words_id(n: int) -> str:
    """Return ``n`` (0..9999) in Indonesian words, e.g. 2345 -> "dua ribu tiga ratus empat puluh lima".

    Raises ValueError outside 0..9999.
    """
    _check_range(n)
    if n == 0:
        return "nol"
    words: list[str] = []
    thousands, rest = divmod(n, 1000)
    hundreds, rest = divmod(rest, 100)
    if thousands == 1:
        words.append("seribu")
    elif thousands:
        words += [_ID_UNITS[thousands], "ribu"]
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words += [_ID_UNITS[hundreds], "ratus"]
    if rest:
        words += _id_below_100(rest)
    return " ".join(words)


def _en_below_100(n: int) -> list[str]:
    """English words for 1..99."""
    if n < 20:
        return [_EN_UNITS[n]]
    tens, unit = divmod(n, 10)
    words = [_EN_TENS[tens]]
    if unit:
        words.append(_EN_UNITS[unit])
    return words


def words_en(n: int) -> str:
    """Return ``n`` (0..9999) in English words, e.g. 2345 -> "two thousand three hundred forty five".

    Raises ValueError outside 0..9999.
    """
    _check_range(n)
    if n == 0:
        return "zero"
    words: list[str] = []
    thousands, rest = divmod(n, 1000)
    hundreds, rest = divmod(rest, 100)
    if thousands:
        words += [_EN_UNITS[thousands], "thousand"]
    if hundreds:
        words += [_EN_UNITS[hundreds], "hundred"]
    if rest:
        words += _en_below_100(rest)
    return " ".join(words)


def digit_words(digits: str, language: str = "id") -> str:
    """Spell a string of ASCII digits one by one, e.g. "007" -> "nol nol tujuh".

    ``language`` is "id" or "en"; raises ValueError for anything that is not a digit.
    """
    units = _EN_UNITS if language == "en" else _ID_UNITS
    if not digits or not all("0" <= ch <= "9" for ch in digits):
        raise ValueError(f"not a string of digits: {digits!r}")
    return " ".join(units[int(ch)] for ch in digits)
