"""Refresh kiosk_vi.ts from the sources, pos_vi.ts from pos's error templates (an AST scan: pos has
no tr() for lupdate to see), and compile every *_vi.ts to .qm."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ui.i18n import pos_templates

HERE = Path(__file__).resolve().parent
UI = HERE.parent
BIN = Path(sys.executable).parent




def own_sources() -> list[str]:
    """Every module directly in ui/ (the shift and manager packages keep their strings in
    manager_vi.ts). A glob, not a list: a new screen is translated without a second edit here."""
    return sorted(str(p) for p in UI.glob("*.py"))


def manager_sources() -> list[str]:
    """The shift and manager screens (ui/shift/, ui/manager/), translated in manager_vi.ts."""
    return [str(p) for folder in ("shift", "manager") for p in sorted((UI / folder).glob("*.py"))]


def lupdate(sources: list[str], ts: Path) -> None:
    """Refresh `ts` from `sources`. No line numbers in the file: a change elsewhere in a module
    must not rewrite every entry below it (they made every branch's .ts collide on merge)."""
    subprocess.run([str(BIN / "pyside6-lupdate"), "-locations", "none", *sources, "-ts", str(ts)], check=True)


def main() -> int:
    if "--no-update" not in sys.argv:
        lupdate(own_sources(), HERE / "kiosk_vi.ts")
        lupdate(manager_sources(), HERE / "manager_vi.ts")
        templates, problems = pos_templates.scan()
        if problems:
            print("pos error messages that cannot be translated:", *problems, sep="\n  ", file=sys.stderr)
            return 1
        total, unfinished = pos_templates.write_ts(templates)
        print(f"pos_vi.ts: {total} error templates, {unfinished} unfinished")
    for ts in sorted(HERE.glob("*_vi.ts")):
        subprocess.run([str(BIN / "pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
