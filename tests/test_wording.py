"""Every Indonesian text the apps show follows KBBI/PUEBI: a short list of non-standard
forms must not appear in any registered text (the i18n registry, filled by the texts
modules of kiosk, counter, display and ui) nor in the Indonesian lines of the ticket PDF."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from ui import i18n

ROOT = Path(__file__).resolve().parents[1]
TEXT_MODULES = ("kiosk.texts", "counter.texts", "display.texts", "ui.waittext", "ui.widgets", "ui.survey_texts",
                "ui.keyboard")
PRODUCT = "Antrian"  # the product's name stays as it is

FORBIDDEN: tuple[tuple[str, str], ...] = (
    (r"\b[Aa]ntrian\b", "antrean (KBBI); only the product name is Antrian"),
    (r"\b[Aa]ksi\b", "tindakan"),
    (r"\b(?:[Ss]holat|[Ss]halat)\b", "Salat"),
    (r"\b[Jj]am\s+(?:\d{1,2}|\{\w+\})[.:]\d{2}", "pukul 08.00 for a time of day"),
    (r"\bpukul\s+\d{1,2}:\d{2}", "pukul 08.00 (a period, PUEBI)"),
    (r",\s*sehingga\b", "no comma before sehingga"),
    (r"\b[Mm]enghubungkan\b", "Menyambungkan"),
    (r"\b[Mm]enyambung(?!kan)\b", "Menyambungkan"),
    (r"(?<!penyandang )\bdisabilitas\b", "penyandang disabilitas"),
    (r"\}\s*j\b", "jam, not j"),
    (r"\blewat\s+\{", "melewati target …"),
)


def indonesian_texts() -> dict[str, str]:
    """Every registered Indonesian text, by key (after importing every texts module)."""
    for name in TEXT_MODULES:
        importlib.import_module(name)
    return {key: texts["id"] for key, texts in i18n._STRINGS.items()}


def pdf_literals() -> list[str]:
    """The string literals of the ticket renderer (its Indonesian lines are literals)."""
    tree = ast.parse((ROOT / "kiosk" / "ticket_pdf.py").read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
            and " " in node.value and not node.value.startswith(("ANTRIAN:", "antrian."))]


def offences(text: str) -> list[str]:
    if text.strip() == PRODUCT:
        return []
    return [advice for pattern, advice in FORBIDDEN if re.search(pattern, text)]


def test_the_registry_holds_every_app() -> None:
    texts = indonesian_texts()
    for prefix in ("kiosk.", "counter.", "board_", "wait.", "offline"):
        assert any(key.startswith(prefix) for key in texts), prefix
    assert len(texts) > 150


def test_registered_indonesian_texts_are_standard() -> None:
    bad = {key: (text, offences(text)) for key, text in indonesian_texts().items() if offences(text)}
    assert not bad


def test_ticket_pdf_texts_are_standard() -> None:
    literals = pdf_literals()
    assert any("Nomor Antrean" in text for text in literals)
    bad = [(text, offences(text)) for text in literals if offences(text)]
    assert not bad


@pytest.mark.parametrize(("text", "caught"), [
    ("Nomor antrian Anda", True), ("Antrian", False), ("aksi tidak dilakukan", True), ("Sholat", True),
    ("dibuka jam 08.00", True), ("Buka pukul 08:00", True), ("terganggu, sehingga gagal", True),
    ("Menyambung…", True), ("Menyambungkan…", False), ("lansia, disabilitas", True),
    ("penyandang disabilitas", False), ("{h} j {m} mnt", True), ("Dibuka Senin pukul 08.00 WIB", False),
    ("1 jam 35 mnt · melewati target 65 mnt", False),
])
def test_the_rules_catch_what_they_should(text: str, caught: bool) -> None:
    assert bool(offences(text)) == caught
