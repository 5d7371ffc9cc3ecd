"""Refreshes the office pages' catalogs: Babel extracts the strings of central/office (templates
through render.extract_templates, Python through `_` / `N_`) and the catalog's refusals
(central/catalog, marked `N_`), updates translations/<lang>/
LC_MESSAGES/messages.po and compiles them to the messages.mo files that are committed (the server
needs no Babel at run time; tests/central/test_office_i18n.py checks the two agree). Run
`python -m central.office.i18n_build` after changing office strings, then fill in the new msgstr."""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from central.office.i18n import DOMAIN, LANGS, TRANSLATIONS

def main() -> None:
    """Extracts the strings (Babel), updates both catalogs and compiles them to .mo."""
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp) / f"{DOMAIN}.pot")


def build(pot: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    run = [sys.executable, "-m", "babel.messages.frontend"]
    subprocess.run(run + ["extract", "-F", str(TRANSLATIONS / "babel.cfg"), "-k", "N_", "--no-location", "-w", "120",
                          "--omit-header", "--sort-output", "-o", str(pot), "."], check=True, cwd=root / "central")
    for lang in LANGS:
        po = TRANSLATIONS / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        cmd = "update" if po.exists() else "init"
        subprocess.run(run + [cmd, "-i", str(pot), "-d", str(TRANSLATIONS), "-l", lang, "-D", DOMAIN]
                       + (["--no-fuzzy-matching", "--ignore-obsolete", "-w", "120"] if cmd == "update" else []),
                       check=True, cwd=root)
    subprocess.run(run + ["compile", "-d", str(TRANSLATIONS), "-D", DOMAIN, "--statistics"], check=True, cwd=root)




if __name__ == "__main__":
    main()
