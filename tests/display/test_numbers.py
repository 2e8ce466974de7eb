"""Indonesian and English number words used by the announcer."""

from __future__ import annotations

import pytest

from display.numbers import digit_words, words_en, words_id

ID_TABLE = {
    0: "nol",
    1: "satu",
    2: "dua",
    3: "tiga",
    4: "empat",
    5: "lima",
    6: "enam",
    7: "tujuh",
    8: "delapan",
    9: "sembilan",
    10: "sepuluh",
    11: "sebelas",
    12: "dua belas",
    13: "tiga belas",
    14: "empat belas",
    15: "lima belas",
    16: "enam belas",
    17: "tujuh belas",
    18: "delapan belas",
    19: "sembilan belas",
    20: "dua puluh",
    21: "dua puluh satu",
    99: "sembilan puluh sembilan",
    100: "seratus",
    101: "seratus satu",
    110: "seratus sepuluh",
    111: "seratus sebelas",
    120: "seratus dua puluh",
    199: "seratus sembilan puluh sembilan",
    200: "dua ratus",
    999: "sembilan ratus sembilan puluh sembilan",
    1000: "seribu",
    1001: "seribu satu",
    1100: "seribu seratus",
    1999: "seribu sembilan ratus sembilan puluh sembilan",
    2000: "dua ribu",
    2345: "dua ribu tiga ratus empat puluh lima",
    9999: "sembilan ribu sembilan ratus sembilan puluh sembilan",
}

ID_VOCABULARY = {
    "nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
    "sepuluh", "sebelas", "belas", "puluh", "seratus", "ratus", "seribu", "ribu",
}

EN_TABLE = {
    0: "zero",
    7: "seven",
    13: "thirteen",
    20: "twenty",
    21: "twenty one",
    99: "ninety nine",
    100: "one hundred",
    101: "one hundred one",
    115: "one hundred fifteen",
    120: "one hundred twenty",
    1000: "one thousand",
    1001: "one thousand one",
    2345: "two thousand three hundred forty five",
    9999: "nine thousand nine hundred ninety nine",
}

EN_VOCABULARY = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
    "eighty", "ninety", "hundred", "thousand",
}


@pytest.mark.parametrize(("n", "expected"), sorted(ID_TABLE.items()))
def test_words_id_table(n: int, expected: str) -> None:
    assert words_id(n) == expected


@pytest.mark.parametrize(("n", "expected"), sorted(EN_TABLE.items()))
def test_words_en_table(n: int, expected: str) -> None:
    assert words_en(n) == expected


def test_every_indonesian_number_uses_known_words_and_is_unique() -> None:
    seen: dict[str, int] = {}
    for n in range(10000):
        text = words_id(n)
        words = text.split(" ")
        assert text and all(words), (n, text)
        assert set(words) <= ID_VOCABULARY, (n, text)
        # "satu" is never used as a multiplier: 100 is "seratus", not "satu ratus"
        for first, second in zip(words, words[1:], strict=False):
            assert not (first == "satu" and second in {"belas", "puluh", "ratus", "ribu"}), (n, text)
        assert "nol" not in words or n == 0, (n, text)
        assert text not in seen, (n, seen.get(text), text)
        seen[text] = n


def test_every_english_number_uses_known_words_and_is_unique() -> None:
    seen: set[str] = set()
    for n in range(10000):
        text = words_en(n)
        words = text.split(" ")
        assert text and all(words) and set(words) <= EN_VOCABULARY, (n, text)
        assert text not in seen, (n, text)
        seen.add(text)


@pytest.mark.parametrize("bad", [-1, 10000, 123456])
def test_out_of_range_raises(bad: int) -> None:
    with pytest.raises(ValueError):
        words_id(bad)
    with pytest.raises(ValueError):
        words_en(bad)


@pytest.mark.parametrize("bad", [1.0, "7", None, True])
def test_non_int_raises(bad: object) -> None:
    with pytest.raises(ValueError):
        words_id(bad)  # type: ignore[arg-type]


def test_digit_words() -> None:
    assert digit_words("007") == "nol nol tujuh"
    assert digit_words("120", "en") == "one two zero"
    with pytest.raises(ValueError):
        digit_words("")
    with pytest.raises(ValueError):
        digit_words("1a")
