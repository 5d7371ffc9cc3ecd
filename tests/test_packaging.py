"""A wheel built from this checkout holds everything the kiosk and the server run: every module of
every subpackage, the Alembic migrations, the office's templates and static files, the compiled
translations and the assets (fonts, demo catalog, bank list).

The wheel is built the way a release would be (`pip wheel`, pyproject.toml's own build backend) from
a copy of the sources, so the checkout gets no build/ or egg-info folders."""
from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
FOLDERS = ("pos", "ui", "sync", "printers", "central", "assets")
# in the source tree only: translation sources (compiled to .qm), notes for developers
NOT_SHIPPED = {".ts", ".po", ".pyc"}  # translation sources: the compiled .qm / .mo ship
NOT_SHIPPED_NAMES = {"README.md", "babel.cfg"}  # babel.cfg: how the office catalogs are extracted

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> set[str]:
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md", "main.py"):
        shutil.copy2(ROOT / name, src / name)
    for folder in FOLDERS:
        shutil.copytree(ROOT / folder, src / folder, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(src)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    (wheel,) = out.glob("ocop_pos-*.whl")
    with zipfile.ZipFile(wheel) as z:
        return set(z.namelist())


def shipped_sources() -> set[str]:
    """Every file of the source folders a running kiosk or server may need."""
    out = set()
    for folder in FOLDERS:
        for path in (ROOT / folder).rglob("*"):
            if (path.is_file() and "__pycache__" not in path.parts and path.suffix not in NOT_SHIPPED
                    and path.name not in NOT_SHIPPED_NAMES):
                out.add(path.relative_to(ROOT).as_posix())
    return out


def test_the_wheel_holds_every_module_and_data_file(wheel_names):
    assert shipped_sources() - wheel_names == set()
    assert "main.py" in wheel_names


def test_the_wheel_holds_what_the_server_and_kiosk_read_from_disk(wheel_names):
    """Named, so a folder moved or a pattern dropped fails here with the file the code opens."""
    def some(pattern: str) -> list[str]:
        return [n for n in wheel_names if pathlib.PurePosixPath(n).match(pattern)]

    assert some("central/migrations/env.py") and "central/migrations/script.py.mako" in wheel_names
    assert len(some("central/migrations/versions/*.py")) >= 5
    assert "central/office/templates/base.html" in wheel_names and some("central/office/templates/macros/*.html")
    assert {"central/office/static/app.css", "central/office/static/app.js"} <= wheel_names
    assert "central/figures/templates/statement.html" in wheel_names
    assert {"ui/i18n/pos_vi.qm", "ui/i18n/kiosk_vi.qm", "ui/i18n/manager_vi.qm"} <= wheel_names
    assert {"assets/fonts/DejaVuSans.ttf", "assets/fonts/DejaVuSans-Bold.ttf", "assets/napas_banks.json",
            "assets/demo_catalog.json"} <= wheel_names


def test_nothing_but_the_project_is_in_the_wheel(wheel_names):
    tops = {n.split("/")[0] for n in wheel_names if not n.startswith("ocop_pos-")}
    assert tops == {*FOLDERS, "main.py"}
    assert not [n for n in wheel_names if "__pycache__" in n or n.endswith((".pyc", ".ts"))]
