"""Announcement phrases built from the site's editable template.

A template uses the placeholders ``{number}`` (the ticket label, spoken),
``{counter}`` (the counter number, spoken as words), ``{counter_name}`` and
``{service}`` (inserted as written).  A template that cannot be used (unknown
placeholder, stray brace, format spec) falls back to the default template of the
language with a logged warning: the display must never crash on a typo.
"""

from __future__ import annotations

import logging
import re
import string
from typing import Final

from display.numbers import digit_words, words_en, words_id

log = logging.getLogger("antrian.display.phrases")

DEFAULT_TEMPLATE_ID: Final = "Nomor antrian {number}, silakan menuju loket {counter}"
DEFAULT_TEMPLATE_EN: Final = "Queue number {number}, please proceed to counter {counter}"

PLACEHOLDERS: Final = frozenset({"number", "counter", "counter_name", "service"})
NUMBER_STYLES: Final = ("digits", "words")
LANGUAGES: Final = ("id", "en")

_LABEL_PART = re.compile(r"[^\W\d_]+|\d+")


def default_template(language: str = "id") -> str:
    """Return the default template for ``language`` ("id" or "en"; anything else gives "id")."""
    return DEFAULT_TEMPLATE_EN if language == "en" else DEFAULT_TEMPLATE_ID


def template_problem(template: str) -> str | None:
    """Return why ``template`` cannot be used, or None when it is valid."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:  # stray "{" or "}"
        return str(exc)
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if field not in PLACEHOLDERS:
            return f"unknown placeholder {{{field}}}"
        if spec or conversion:
            return f"placeholder {{{field}}} must not carry a format spec or conversion"
    return None


def _number_words(n: int, language: str) -> str:
    """Words for ``n`` in ``language``; digit by digit when beyond 9999."""
    try:
        return words_en(n) if language == "en" else words_id(n)
    except ValueError:
        return digit_words(str(n), language)


def spoken_label(label: str, number_style: str = "digits", language: str = "id") -> str:
    """Return a ticket label as it is spoken: "A-007" -> "A nol nol tujuh" or "A tujuh".

    Letters are spoken one by one (upper case), digit runs digit by digit
    (``number_style="digits"``) or as a number (``"words"``); other characters
    such as the dash are dropped.
    """
    parts: list[str] = []
    for token in _LABEL_PART.findall(label):
        if token.isdigit() and token.isascii():
            if number_style == "words":
                parts.append(_number_words(int(token), language))
            else:
                parts.append(digit_words(token, language))
        elif token.isdigit():  # non-ASCII digits: let the voice read them
            parts.append(token)
        else:
            parts.extend(ch.upper() for ch in token)
    return " ".join(parts)


def announcement_text(
    template: str,
    label: str,
    counter_number: int,
    counter_name: str,
    service_name: str,
    number_style: str = "digits",
    language: str = "id",
) -> str:
    """Fill ``template`` for one call, e.g. "Nomor antrian A nol nol tujuh, silakan menuju loket dua".

    An unusable template, number style or language is logged as a warning and
    replaced by its default: bad settings never raise.  A negative
    ``counter_number`` is a programming error and raises ValueError.
    """
    if counter_number < 0:
        raise ValueError(f"counter number must not be negative: {counter_number}")
    if language not in LANGUAGES:
        log.warning("unknown announcement language %r; using 'id'", language)
        language = "id"
    if number_style not in NUMBER_STYLES:
        log.warning("unknown number style %r; using 'digits'", number_style)
        number_style = "digits"
    if not template or not template.strip():
        template = default_template(language)
    problem = template_problem(template)
    if problem is not None:
        log.warning("announcement template %r unusable (%s); using the default", template, problem)
        template = default_template(language)
    values = {
        "number": spoken_label(label, number_style, language),
        "counter": _number_words(counter_number, language),
        "counter_name": counter_name,
        "service": service_name,
    }
    return template.format_map(values)
