"""OCOP POS command line: the kiosk, demo data, the kiosk's sync (sync/cli.py) and the central
server (`server ...`, central/cli.py)."""
from __future__ import annotations

import argparse
import sys


class Parser(argparse.ArgumentParser):
    """A mistake on the command line is one line, `error: ...`, and exit code 2 (argparse's own
    usage text before it buries the one line that matters)."""

    def error(self, message: str):
        self.exit(2, f"error: {message} (see {self.prog} --help)\n")


def whole_number(low: int, high: int):
    """An argparse type: a whole number low..high written with 0-9 only ('-5', 'abc', '²' refused)."""

    def parse(text: str) -> int:
        if not (text.isascii() and text.isdigit() and len(text) <= len(str(high))) or not low <= int(text) <= high:
            raise argparse.ArgumentTypeError(f"expected a whole number from {low:,} to {high:,}, not {text!r}")
        return int(text)

    parse.__name__ = "whole number"
    return parse


def db_file(text: str) -> str:
    """An argparse type: a path that can hold the kiosk database. Nothing is created here, and a
    missing folder is an error rather than something made on a typo."""
    from pathlib import Path

    from pos.dbfile import check_path
    from pos.errors import DatabaseProblem

    try:
        check_path(Path(text))
    except DatabaseProblem as exc:
        raise argparse.ArgumentTypeError(exc.message) from exc
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="main.py",
        description="OCOP POS - offline-first point of sale for OCOP specialty kiosks. "
        "With no command, opens the kiosk.",
    )
    sub = parser.add_subparsers(dest="command")

    run = sub.add_parser("run", help="open the kiosk (the default)")
    add_kiosk_options(run)
    add_kiosk_options(parser)

    seed = sub.add_parser("seed-demo", help="create a database with the demo catalog, staff and stock")
    seed.add_argument("--db", required=True, type=db_file, help="database file to create or fill")
    seed.add_argument("--products", type=whole_number(1, 1_000_000), default=None,
                      help="instead of the demo catalog, generate N synthetic products (benchmarks)")
    seed.set_defaults(func=cmd_seed_demo)

    for module in ("central.cli", "sync.cli"):  # in this order: `main.py --help` lists server first
        try:
            mod = __import__(module, fromlist=["register"])
        except ImportError as exc:  # a part not installed in this build
            if f"No module named '{module}'" not in str(exc):
                raise
            continue
        mod.register(sub)
    return parser


def add_kiosk_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", type=db_file, help="kiosk database file (default: the platform's user data folder)")
    p.add_argument("--lang", choices=["vi", "en"], help="interface language (default: the kiosk setting, vi)")
    p.add_argument("--fullscreen", action="store_true", help="open full screen")
    p.set_defaults(func=cmd_run)


def cmd_seed_demo(args) -> int:
    from pos import demo
    from pos.store import Store

    with Store(args.db) as store:
        if args.products is not None:
            n = demo.seed_synthetic(store, args.products)
            print(f"{args.db}: {n} synthetic products")
        else:
            summary = demo.seed_demo(store)
            print(f"{args.db}: demo data - " + ", ".join(f"{v} {k}" for k, v in summary.items()))
    return 0


def cmd_run(args) -> int:
    try:
        from ui.app import main as ui_main
    except ImportError as exc:
        if "ui.app" not in str(exc):
            raise
        print("The kiosk screen is not built yet in this version (ui/app.py missing).", file=sys.stderr)
        return 2
    return ui_main(args)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "db", None) is not None:  # every command's --db, those of sync/ included
        try:
            db_file(args.db)
        except argparse.ArgumentTypeError as exc:
            parser.error(f"argument --db: {exc}")
    from pos.errors import PosError

    try:
        return args.func(args) or 0
    except PosError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
