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


KIOSK_MODULES = ("app", "approval", "cart_view", "context", "errors", "held", "history", "login", "main_window",
                 "payment", "pinpad", "prompts", "reasons", "receipt_preview", "scanner", "sell", "status", "theme", "worker")


def own_sources() -> list[str]:
    """The kiosk's own screens (the shift and manager screens keep their own manager_vi.ts)."""
    return [str(UI / f"{m}.py") for m in KIOSK_MODULES]


def main() -> int:
    if "--no-update" not in sys.argv:
        subprocess.run([str(BIN / "pyside6-lupdate"), *own_sources(), "-ts", str(HERE / "kiosk_vi.ts")], check=True)
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
