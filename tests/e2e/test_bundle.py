"""The self-contained bundle (``scripts/build-bundle.sh``, PyInstaller): built from this
checkout, then every app started from it with ``--screenshot`` on a fresh database, a
report and a backup written by its command line, all without the checkout's Python."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.e2e.appprocess import ROOT
from tests.unmeasured import unmeasure

pytestmark = pytest.mark.skipif(sys.platform == "win32" or shutil.which("objdump") is None,
                                reason="the Linux bundle needs binutils' objdump to build")

#: Each app as the command line starts it, with the arguments a fresh database needs.
APPS = {"kiosk": (), "display": (), "counter": ("--counter", "1"), "supervisor": (), "survey": ("--counter", "1")}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The bundle's executable, built once for this module."""
    out = tmp_path_factory.mktemp("bundle")
    # PyInstaller's analysis is not Antrian's code: under coverage's subprocess measuring it
    # took 113 s instead of 64 s.
    with pytest.MonkeyPatch.context() as mp:
        unmeasure(mp)
        built = subprocess.run([str(ROOT / "scripts" / "build-bundle.sh"), str(out)], cwd=ROOT,
                               capture_output=True, text=True, timeout=900)
    assert built.returncode == 0, built.stderr[-3000:]
    exe = out / "antrian" / "antrian"
    assert exe.is_file() and os.access(exe, os.X_OK)
    yield exe
    shutil.rmtree(out, ignore_errors=True)


def _run(exe: Path, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "ANTRIAN_", "VIRTUAL_ENV"))}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_DATA_HOME=str(home / "data"))
    env["ANTRIAN_SCRYPT_N"] = "1024"  # as every test: the sample officers' hashes made fast
    return subprocess.run([str(exe), *args], cwd=home, env=env, capture_output=True, text=True, timeout=180)


def test_every_app_starts_from_the_bundle(bundle: Path, tmp_path: Path) -> None:
    fonts = bundle.parent / "_internal" / "fonts"
    assert (fonts / "DejaVuSans.ttf").is_file() and (fonts / "DejaVuSans-Bold.ttf").is_file()
    db = tmp_path / "antrian.db"
    init = _run(bundle, "--db", str(db), "init", home=tmp_path)
    assert init.returncode == 0 and "is ready" in init.stdout, init.stderr
    for app, extra in APPS.items():
        shot = tmp_path / f"{app}.png"
        done = _run(bundle, "--db", str(db), app, *extra, "--screenshot", str(shot), "--size", "1280x800",
                    home=tmp_path)
        log = done.stdout + done.stderr
        assert done.returncode == 0, (app, log[-3000:])
        assert shot.is_file() and shot.stat().st_size > 10_000, app
        assert "Traceback" not in log and " ERROR " not in log and "CRITICAL" not in log, (app, log[-3000:])
        assert "cannot prepare ticket rendering" not in log, log[-3000:]  # the kiosk's ticket renderer is whole

    month = date.today().strftime("%Y-%m")
    report = _run(bundle, "--db", str(db), "report", "month", month, "--out", str(tmp_path / "m.pdf"), home=tmp_path)
    assert report.returncode == 0 and (tmp_path / "m.pdf").read_bytes().startswith(b"%PDF"), report.stderr
    backup = _run(bundle, "--db", str(db), "backup", "--to", str(tmp_path / "b"), home=tmp_path)
    assert backup.returncode == 0 and len(list((tmp_path / "b").glob("antrian-*.db"))) == 1, backup.stderr
