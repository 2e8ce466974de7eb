"""The one wording of a wait estimate and of a closed service's next opening."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from db.estimate import WaitRange
from ui.waittext import opening_short, opening_text, wait_text

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")


@pytest.mark.parametrize(("wait", "id_long", "en_long", "id_short"), [
    (WaitRange(0, 0), "segera", "soon", "segera"),
    (WaitRange(20, 30), "sekitar 20–30 menit", "about 20–30 min", "± 20–30 mnt"),
    (WaitRange(25, 25), "sekitar 25 menit", "about 25 min", "± 25 mnt"),
    (WaitRange(150, 180), "sekitar 150–180 menit", "about 150–180 min", "± 150–180 mnt"),
    (WaitRange(200, 290), "sekitar 3–5 jam", "about 3–5 h", "± 3–5 jam"),
    (WaitRange(181, 240), "sekitar 3–4 jam", "about 3–4 h", "± 3–4 jam"),  # rounded outwards
    (WaitRange(240, 240), "sekitar 4 jam", "about 4 h", "± 4 jam"),
    # no counter of the service open: the estimate has no lower bound worth showing
    (WaitRange(0, 50, staffed=False), "paling lama sekitar 50 menit", "up to about 50 min", "≤ 50 mnt"),
])
def test_wait_text(wait: WaitRange, id_long: str, en_long: str, id_short: str) -> None:
    assert wait_text(wait, language="id") == id_long
    assert wait_text(wait, language="en") == en_long
    assert wait_text(wait, short=True, language="id") == id_short


def test_opening_text() -> None:
    monday_8 = datetime(2026, 3, 9, 8, 0, tzinfo=WIB)
    assert opening_text(monday_8, datetime(2026, 3, 6, 16, 0, tzinfo=WIB), "id") == "Dibuka Senin pukul 08.00 WIB"
    assert opening_text(monday_8, datetime(2026, 3, 6, 16, 0, tzinfo=WIB), "en") == "Opens Monday at 08:00 WIB"
    assert opening_text(monday_8, datetime(2026, 3, 9, 7, 0, tzinfo=WIB), "id") == "Dibuka pukul 08.00 WIB"
    assert opening_short(monday_8, datetime(2026, 3, 9, 7, 0, tzinfo=WIB), "id") == "buka 08.00"
    assert opening_short(monday_8, datetime(2026, 3, 8, 7, 0, tzinfo=WIB), "en") == "opens Monday"
    makassar = datetime(2026, 3, 9, 8, 30, tzinfo=WITA)
    assert opening_text(makassar, datetime(2026, 3, 9, 7, 0, tzinfo=WITA), "id") == "Dibuka pukul 08.30 WITA"
