"""The actions page's words: standard Indonesian, the core's refusals translated, the questions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from db.errors import DatabaseUnavailable, InvalidState, NotFound, NotPermitted
from supervisor.actions_dialogs import OTHER, ChoiceDialog, ConfirmDialog
from supervisor.actions_texts import TEXTS, error_text, status_text
from tests.test_wording import offences
from ui.i18n import translator


@pytest.fixture(autouse=True)
def _indonesian(qapp: QApplication) -> Iterator[None]:
    translator().set_language("id")
    yield
    translator().set_language("id")


def test_texts_are_standard_indonesian_in_both_languages() -> None:
    bad = {key: offences(t["id"]) for key, t in TEXTS.items() if offences(t["id"])}
    assert not bad
    assert all(t["id"] and t["en"] for t in TEXTS.values())


@pytest.mark.parametrize(("error", "indonesian"), [
    (InvalidState("cannot reactivate A-004: it is waiting"), "A-004 tidak dapat diaktifkan kembali: statusnya menunggu."),
    (InvalidState("cannot cancel A-004: it is no-show"), "A-004 tidak dapat dibatalkan: statusnya tidak hadir."),
    (InvalidState("close A-004 first: counter 2 cannot pause while a visitor is called or served"),
     "Selesaikan dulu A-004: Loket 2 tidak dapat dijeda selama ada pengunjung dipanggil atau dilayani."),
    (InvalidState("counter 3 is already paused"), "Loket 3 sudah dijeda."),
    (NotFound("counter 9 does not exist"), "Loket 9 tidak ada."),
    (NotFound("service Z does not exist"), "Layanan Z tidak ada."),
    (NotPermitted("the console session has ended; sign in again"), "Sesi Anda sudah berakhir; silakan masuk lagi."),
    (NotPermitted("Dewi Lestari is not a supervisor or administrator"),
     "Dewi Lestari bukan koordinator layanan atau administrator."),
    (InvalidState("something rare went wrong"), "Something rare went wrong"),
    (DatabaseUnavailable("database unavailable: server closed the connection"),
     "Basis data tidak dapat dijangkau: server closed the connection"),
    (RuntimeError("boom"), "Terjadi kesalahan tak terduga (RuntimeError); tindakan tidak dilakukan."),
])
def test_refusals_in_indonesian(error: BaseException, indonesian: str) -> None:
    assert error_text(error) == indonesian


def test_refusals_in_english() -> None:
    translator().set_language("en")
    assert error_text(InvalidState("cannot reactivate A-004: it is waiting")) == \
        "A-004 cannot be reactivated: it is waiting."
    assert error_text(InvalidState("nothing we know")) == "Nothing we know"
    assert status_text("no_show") == "no-show"


def test_choice_dialog_by_digit_and_by_other_text(qtbot: QtBot) -> None:
    dialog = ChoiceDialog("Alasan", [("Istirahat", "Istirahat"), ("Salat", "Salat")], other=True)
    qtbot.addWidget(dialog)
    answers: list[str] = []
    dialog.chosen.connect(answers.append)
    assert dialog.values() == ["Istirahat", "Salat", OTHER]
    dialog.choose(OTHER, "")  # an empty "other" is not an answer
    assert answers == [] and not dialog.other.isHidden()
    qtbot.keyClick(dialog, Qt.Key.Key_2)
    assert answers == ["Salat"]
    dialog.choose("Istirahat")  # answered once only
    assert answers == ["Salat"]
    with pytest.raises(ValueError, match="no option"):
        ChoiceDialog("x", [("a", "A")]).choose("b")


def test_confirm_dialog_starts_on_back(qtbot: QtBot) -> None:
    dialog = ConfirmDialog("Keluarkan?", "Penjelasan", "Keluarkan")
    qtbot.addWidget(dialog)
    said: list[bool] = []
    dialog.confirmed.connect(lambda: said.append(True))
    dialog.back_button.click()
    assert said == []
    dialog.confirm()
    assert said == [True]


def test_keys_are_the_pages_own_and_nobody_overrides_them() -> None:
    import importlib
    import pkgutil

    import supervisor
    from ui import i18n

    for module in pkgutil.iter_modules(supervisor.__path__):  # every page's texts registered
        if module.name != "__main__":
            importlib.import_module(f"supervisor.{module.name}")
    assert all(key.startswith("supervisor.actions.") for key in TEXTS)
    assert all(i18n._STRINGS[key] is texts for key, texts in TEXTS.items())
