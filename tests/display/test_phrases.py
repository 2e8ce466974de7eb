"""Announcement text built from the site's template."""

from __future__ import annotations

import logging

import pytest

from display.phrases import (
    DEFAULT_TEMPLATE_EN,
    DEFAULT_TEMPLATE_ID,
    announcement_text,
    spoken_label,
    template_problem,
)

LOGGER = "antrian.display.phrases"


def test_default_templates() -> None:
    assert DEFAULT_TEMPLATE_ID == "Nomor antrian {number}, silakan menuju loket {counter}"
    assert DEFAULT_TEMPLATE_EN == "Queue number {number}, please proceed to counter {counter}"


def test_indonesian_digits_is_the_default_style() -> None:
    text = announcement_text(DEFAULT_TEMPLATE_ID, "A-007", 2, "Loket 2", "Desk CAPA")
    assert text == "Nomor antrian A nol nol tujuh, silakan menuju loket dua"


@pytest.mark.parametrize(
    ("label", "counter", "expected"),
    [
        ("A-007", 2, "Nomor antrian A tujuh, silakan menuju loket dua"),
        ("B-120", 12, "Nomor antrian B seratus dua puluh, silakan menuju loket dua belas"),
        ("C-1000", 1, "Nomor antrian C seribu, silakan menuju loket satu"),
    ],
)
def test_indonesian_words_style(label: str, counter: int, expected: str) -> None:
    assert announcement_text(DEFAULT_TEMPLATE_ID, label, counter, "", "", number_style="words") == expected


def test_english() -> None:
    assert (
        announcement_text(DEFAULT_TEMPLATE_EN, "A-007", 2, "", "", language="en")
        == "Queue number A zero zero seven, please proceed to counter two"
    )
    assert (
        announcement_text(DEFAULT_TEMPLATE_EN, "B-120", 11, "", "", number_style="words", language="en")
        == "Queue number B one hundred twenty, please proceed to counter eleven"
    )


def test_all_placeholders_and_literal_braces() -> None:
    template = "{service}: {number} ke {counter_name} (loket {counter}) {{ok}}"
    text = announcement_text(template, "F-031", 3, "Loket Fasber", "Fasilitas Bersama")
    assert text == "Fasilitas Bersama: F nol tiga satu ke Loket Fasber (loket tiga) {ok}"


@pytest.mark.parametrize(
    ("label", "style", "expected"),
    [
        ("AB-012", "digits", "A B nol satu dua"),
        ("AB-012", "words", "A B dua belas"),
        ("a007", "digits", "A nol nol tujuh"),
        ("A-000", "words", "A nol"),
        ("42", "words", "empat puluh dua"),
        ("A-12345", "words", "A satu dua tiga empat lima"),  # beyond 9999: digit by digit
    ],
)
def test_spoken_label(label: str, style: str, expected: str) -> None:
    assert spoken_label(label, style) == expected


@pytest.mark.parametrize(
    "template",
    [
        "Nomor {nomor}, loket {counter}",  # unknown placeholder
        "Nomor {number, loket {counter}",  # unclosed brace
        "Nomor {number}}, loket {counter}",  # stray closing brace
        "Nomor {number:>5}",  # format spec
        "Nomor {number!r}",  # conversion
        "Nomor {}",  # positional
        "Nomor {0}",
        "Nomor {number.real}",  # attribute access
    ],
)
def test_malformed_template_falls_back_to_default_with_warning(
    template: str, caplog: pytest.LogCaptureFixture
) -> None:
    assert template_problem(template) is not None
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        text = announcement_text(template, "A-007", 2, "Loket 2", "Desk CAPA")
    assert text == "Nomor antrian A nol nol tujuh, silakan menuju loket dua"
    assert any(r.levelno == logging.WARNING and "template" in r.getMessage() for r in caplog.records)


def test_malformed_english_template_falls_back_to_english_default(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        text = announcement_text("{oops", "A-007", 2, "", "", language="en")
    assert text == "Queue number A zero zero seven, please proceed to counter two"
    assert caplog.records


def test_blank_template_means_default_without_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert announcement_text("  ", "A-001", 1, "", "").startswith("Nomor antrian A nol nol satu")
    assert not caplog.records


def test_valid_template_has_no_problem() -> None:
    assert template_problem(DEFAULT_TEMPLATE_ID) is None
    assert template_problem("{service} {counter_name} {{x}}") is None


def test_bad_settings_fall_back(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        text = announcement_text(DEFAULT_TEMPLATE_ID, "A-007", 2, "", "", number_style="roman", language="fr")
    assert text == "Nomor antrian A nol nol tujuh, silakan menuju loket dua"
    assert len(caplog.records) == 2


def test_negative_counter_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        announcement_text(DEFAULT_TEMPLATE_ID, "A-007", -1, "", "")
