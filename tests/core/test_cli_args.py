"""main.py refuses bad command-line values with exactly one `error:` line on stderr, exit code 2,
and creates nothing: no empty database file, no folder made on a typo."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

MAIN = Path(__file__).resolve().parents[2] / "main.py"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(MAIN), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env={"PATH": "/usr/bin:/bin", "HOME": str(cwd), "QT_QPA_PLATFORM": "offscreen"})


def everything_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize("args, says", [
    (["seed-demo", "--db", "{tmp}/kiosk.db", "--products", "-5"], "argument --products: expected a whole number"),
    (["seed-demo", "--db", "{tmp}/kiosk.db", "--products", "abc"], "argument --products: expected a whole number"),
    (["seed-demo", "--db", "{tmp}/kiosk.db", "--products", "0"], "from 1 to 1,000,000, not '0'"),
    (["seed-demo", "--db", "{tmp}/kiosk.db", "--products", "²"], "argument --products"),
    (["seed-demo", "--db", "{tmp}/kiosk.db", "--products", "99999999999999999999"], "argument --products"),
    (["seed-demo", "--db", "{tmp}/missing/kiosk.db"], "argument --db: the folder {tmp}/missing does not exist"),
    (["seed-demo", "--db", "{tmp}/folder"], "argument --db: {tmp}/folder is a folder, not a database file"),
    (["--db", "{tmp}/missing/kiosk.db"], "argument --db: the folder {tmp}/missing does not exist"),
    (["run", "--db", "{tmp}/folder"], "is a folder"),
    (["sync", "--db", "{tmp}/missing/kiosk.db"], "argument --db: the folder"),
    (["--lang", "xx"], "argument --lang: invalid choice: 'xx'"),
    (["seed-demo"], "the following arguments are required: --db"),
])
def test_bad_values_get_one_error_line_and_leave_nothing(tmp_path, args, says):
    (tmp_path / "folder").mkdir()
    before = everything_under(tmp_path)
    r = run(*[a.format(tmp=tmp_path) for a in args], cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    assert says.format(tmp=tmp_path) in lines[0]
    assert r.stdout == ""
    assert everything_under(tmp_path) == before


def test_a_file_the_store_refuses_is_one_error_line_and_is_left_alone(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database")
    r = run("seed-demo", "--db", str(notes), cwd=tmp_path)
    assert r.returncode == 1 and r.stderr.splitlines() == [f"error: {notes} is not a POS database (not SQLite)"]
    assert notes.read_text() == "not a database" and everything_under(tmp_path) == ["notes.txt"]


def test_good_values_still_work(tmp_path):
    r = run("seed-demo", "--db", str(tmp_path / "k.db"), "--products", "3", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "3 synthetic products" in r.stdout
