"""`main.py server ...`: run the central server, or administer its database.

Each sub-command is one `Command` in COMMANDS: its arguments and a function given the parsed
arguments and a migrated engine; a new one is one more entry (and its function) here."""
from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass

from central import cli_args, tls


@dataclass
class Command:
    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, "object"], int]  # (args, engine) -> exit code
    migrate: bool = True  # False: the engine is handed over as it is (restore wants it empty)


def _engine(args, migrate: bool = True):
    from central import db
    from central.config import Settings

    settings = Settings(database_url=getattr(args, "database_url", None) or "")
    engine = db.make_engine(settings.database_url)
    if migrate:
        db.upgrade(engine)
    return engine


def _create_device_args(p):
    p.add_argument("code", help="device code, e.g. HN01 (2-12 capital letters or digits)")
    p.add_argument("--location", required=True, help="location code, e.g. HN-BOOTH")
    p.add_argument("--location-name", default="")
    p.add_argument("--location-kind", default="tourist_site",
                   choices=["tourist_site", "supermarket", "hanoi_booth", "fair"])
    p.add_argument("--kind", default="kiosk", choices=["kiosk", "fair", "tablet"])
    p.add_argument("--name", default="")


def _create_device(args, engine) -> int:
    from central import accounts as admin

    with engine.begin() as conn:
        code = admin.create_device(conn, args.code, args.location, args.kind, args.name, args.location_name,
                                   args.location_kind)
    print(f"device {args.code} registered at {args.location}; one-time enrollment code: {code}")
    print(f"on the kiosk: python main.py enroll --server URL --device {args.code} --code {code}")
    return 0


def _create_user_args(p):
    p.add_argument("username")
    p.add_argument("--role", default="viewer", choices=["admin", "manager", "accountant", "viewer", "producer"])
    p.add_argument("--producer", default="", help="with --role producer: the producer's code (its portal login)")
    p.add_argument("--full-name", default="")
    p.add_argument("--password", help="default: $OCOP_PASSWORD, else asked for")


def _create_user(args, engine) -> int:
    from central import accounts as admin

    import sqlalchemy as sa

    from central import models as m

    password = args.password or os.environ.get("OCOP_PASSWORD") or getpass.getpass("password: ")
    with engine.begin() as conn:
        producer_id = None
        if args.producer:
            producer_id = conn.execute(sa.select(m.producers.c.id).where(m.producers.c.code == args.producer)).scalar()
            if producer_id is None:
                raise admin.AdminError(f"no producer with code {args.producer}")
        uid = admin.create_user(conn, args.username, password, args.role, args.full_name, producer_id=producer_id)
    print(f"user {args.username} ({args.role}) created, id {uid}")
    return 0


def _stray_args(p):
    p.add_argument("code", metavar="DEVICE")
    p.add_argument("--above", type=int, default=None, help="clear only pending seqs above this one")
    p.add_argument("--dry-run", action="store_true", help="only show what is pending")
    p.add_argument("--by", default="cli", help="who clears (recorded in admin_actions)")


def _stray(args, engine) -> int:
    from central.events import stray

    try:
        with engine.begin() as conn:
            seen = stray.pending(conn, args.code)
            print(f"{args.code}: acknowledged to {seen['ack']}, max seq {seen['max_seq']}, "
                  f"{seen['missing_events']} missing, {seen['pending_count']} stored events waiting")
            for r in seen["pending"][:20]:
                print(f"  seq {r['seq']}  {r['type']}  {r['business_day']}  received {r['received_at']}")
            if args.dry_run:
                return 0
            out = stray.clear(conn, args.code, f"cli:{args.by}", args.above)
    except stray.NoDevice:
        print(f"error: no device {args.code}", file=sys.stderr)
        return 1
    print(f"cleared {out['cleared']} pending events; max seq {out['max_seq_before']} -> {out['max_seq']}")
    return 0


def _revoke_args(p):
    p.add_argument("code")


def _revoke(args, engine) -> int:
    from central import accounts as admin

    with engine.begin() as conn:
        ok = admin.revoke_device(conn, args.code)
    print(f"device {args.code} revoked" if ok else f"no device {args.code}")
    return 0 if ok else 1


def _import_args(p):
    p.add_argument("path", help="bundle file written by `main.py export-bundle` or the kiosk's fair screen")
    p.add_argument("--ack", metavar="PATH", help="where to write the signed acknowledgement the kiosk reads "
                   "back (default: beside the bundle, <name>.ocopack)")


def _import(args, engine) -> int:
    from pathlib import Path

    from central.events import bundles, fair
    from sync.bundle import write_file

    with open(args.path, "rb") as fh:
        raw = fh.read()
    result = bundles.import_bytes(engine, raw)
    ack = Path(args.ack) if args.ack else Path(args.path).with_suffix(".ocopack")
    write_file(ack, fair.ack_file(engine, result["device_code"]))
    print(f"bundle from {result['device_code']}: {result['events']} events, {result['applied']} applied, "
          f"{result['duplicates']} already held; server now holds up to seq {result['ack']}"
          + (f"; still missing {result['missing']}" if result["missing"] else "")
          + f"; acknowledgement written to {ack}")
    return 0


def _fair_args(p):
    p.add_argument("device", help="device code of the kiosk, e.g. HN01")
    p.add_argument("path", help="file to write (e.g. on the USB stick: /media/usb/HN01.ocopcentre)")
    p.add_argument("--cursor", type=int, default=None, help="start from this catalog cursor (default: the "
                   "one the kiosk last said it holds; 0: the whole catalog)")


def _fair(args, engine) -> int:
    from central.events import fair
    from sync.bundle import write_file

    # the public address as the server's own pull sends it (central/config.py reads the same variable)
    raw, info = fair.catalog_bundle(engine, args.device, args.cursor, os.environ.get("OCOP_SERVER_PUBLIC_URL", ""))
    write_file(args.path, raw)
    print(f"catalog bundle for {info['device_code']}: cursor {info['from_cursor']} to {info['to_cursor']}, "
          f"{info['rows']} rows, events acknowledged up to seq {info['ack']}; written to {args.path}")
    return 0


def _devices(args, engine) -> int:
    from central import accounts as admin

    with engine.connect() as conn:
        for d in admin.list_devices(conn):
            print(json.dumps(d, ensure_ascii=False))
    return 0


def _migrate(args, engine) -> int:
    print("database is at the newest schema")
    return 0


def _report_args(p) -> None:
    p.add_argument("--date", help="Vietnam business day YYYY-MM-DD (default: yesterday in Vietnam)")
    p.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    p.add_argument("--out", required=True, help="folder to write the files into (created if missing)")


def _report(args, engine) -> int:
    from central.clock import vn_today
    from central.figures import nightly
    from central.figures.reports import ReportError

    day = args.date or (vn_today() - dt.timedelta(days=1)).isoformat()
    try:
        paths = nightly.write_nightly(engine, day, args.format, args.out)
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for p in paths:
        print(p)
    return 0


def _apply_prices(args, engine) -> int:
    from central.catalog import commission
    from central.catalog import edit as catalog_admin

    with engine.begin() as conn:
        n = catalog_admin.apply_due_price_changes(conn)  # takes the scheduled-changes lock first
        rev = commission.apply_due_rates(conn)
    print(f"{n} scheduled price changes applied" + ("; commission rates due today put on producers" if rev else ""))
    return 0


def _einvoice_send(args, engine) -> int:
    from central.config import Settings
    from central.einvoice.sender import Sender

    key = Settings().einvoice_key
    if not key:
        print("error: OCOP_SERVER_EINVOICE_KEY is not set (make one with `main.py server einvoice-key`)",
              file=sys.stderr)
        return 2
    counts = Sender(engine, key).run_once()
    if not counts["lease"]:
        print("another server process is sending e-invoices now; nothing done", file=sys.stderr)
        return 1
    print(f"{counts['accepted']} accepted, {counts['refused']} refused, {counts['retry']} to retry later, "
          f"{counts['waiting']} waiting for settings or an earlier invoice")
    return 0


def _einvoice_key(args, engine) -> int:
    from central.einvoice import secrets

    print(secrets.new_key())
    print("keep it in the server's environment as OCOP_SERVER_EINVOICE_KEY (never in the database); "
          "losing it means re-entering every seller's provider password", file=sys.stderr)
    return 0


def _backup_args(p) -> None:
    p.add_argument("file", help="backup file to write (pg_dump custom format, or a SQLite database)")


def _backup(args, engine) -> int:
    from central import backup

    print(backup.backup(engine, args.file))
    return 0


def _restore_args(p) -> None:
    p.add_argument("file", help="a file written by `main.py server backup`")
    p.add_argument("--force", action="store_true", help="replace the contents of a database that is not empty")


def _restore(args, engine) -> int:
    from central import backup

    print(backup.restore(engine, args.file, force=args.force))
    return 0


COMMANDS: list[Command] = [
    Command("create-device", "register a kiosk and print its one-time enrollment code", _create_device_args,
            _create_device),
    Command("create-user", "create a central-office user", _create_user_args, _create_user),
    Command("revoke-device", "revoke a kiosk's token", _revoke_args, _revoke),
    Command("import-bundle", "ingest a signed offline bundle (exactly once) and write its acknowledgement",
            _import_args, _import),
    Command("export-fair-bundle", "write a kiosk's signed catalog bundle (its pull, for a fair without internet)",
            _fair_args, _fair),
    Command("clear-stray", "show and clear a kiosk's stray pending event seqs (audited)", _stray_args, _stray),
    Command("list-devices", "list kiosks and how far each has synced", lambda p: None, _devices),
    Command("migrate", "bring the database schema up to date", lambda p: None, _migrate),
    Command("report", "write the nightly files (sales lines, per-location and per-producer summaries)",
            _report_args, _report),
    Command("apply-prices", "apply scheduled price changes and commission rates whose Vietnam day has begun",
            lambda p: None, _apply_prices),
    Command("einvoice-send", "send the e-invoices that are due to their sellers' providers, once",
            lambda p: None, _einvoice_send),
    Command("einvoice-key", "print a new key for encrypting e-invoice provider credentials", lambda p: None,
            _einvoice_key, migrate=False),
    Command("backup", "write a backup of the database (pg_dump custom format; SQLite online backup)",
            _backup_args, _backup, migrate=False),
    Command("restore", "restore a backup into an empty database, then migrate it to the newest schema",
            _restore_args, _restore, migrate=False),
]


def register(sub) -> None:
    p = sub.add_parser("server", help="run the central server, or administer it (server COMMAND --help)")
    _db_arg(p, None)
    p.add_argument("--host", type=cli_args.host, default="127.0.0.1")
    p.add_argument("--port", type=cli_args.port, default=8080)
    p.add_argument("--log-level", type=cli_args.log_level, default=None,
                   help="critical, error, warning, info, debug or trace (any case); "
                        "default: OCOP_SERVER_LOG_LEVEL, else info")
    p.add_argument("--workers", type=_workers, default=1, help="server processes (PostgreSQL; SQLite gains little)")
    tls.add_arguments(p)
    p.set_defaults(func=serve)
    children = p.add_subparsers(dest="server_command", metavar="COMMAND")
    for cmd in COMMANDS:
        c = children.add_parser(cmd.name, help=cmd.help)
        _db_arg(c, argparse.SUPPRESS)
        cmd.add_arguments(c)
        c.set_defaults(func=_runner(cmd))


def _workers(text: str) -> int:
    """argparse type for --workers: argparse turns the ValueError into one `error:` line."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= n <= 64:
        raise argparse.ArgumentTypeError(f"{n} is out of range: give 1 to 64 processes (about one per CPU core)")
    return n


def _db_arg(p, default) -> None:
    p.add_argument("--database-url", type=cli_args.database_url, default=default,
                   help="SQLAlchemy URL; postgresql://user@host/db uses psycopg 3 "
                        "(default: $OCOP_SERVER_DATABASE_URL, else a SQLite file in the user data folder)")


def _runner(cmd: Command):
    def run(args) -> int:
        from sync.bundle import BundleError

        from central import accounts as admin
        from central.backup import BackupError

        from central.config import SettingsError

        try:
            engine = _engine(args, migrate=cmd.migrate)
        except SettingsError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        except Exception as exc:
            print(f"error: cannot open the database: {exc}", file=sys.stderr)
            return 2
        try:
            return cmd.run(args, engine)
        except (admin.AdminError, BundleError, BackupError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        finally:
            engine.dispose()
    return run


def _env_log_level() -> str:
    """OCOP_SERVER_LOG_LEVEL (deploy/server.env sets it) when --log-level is not given; a bad value
    is refused by name, as a bad option value is."""
    from central.config import SettingsError

    text = os.environ.get("OCOP_SERVER_LOG_LEVEL", "").strip()
    if not text:
        return "INFO"
    try:
        return cli_args.log_level(text)
    except argparse.ArgumentTypeError as exc:
        raise SettingsError(f"OCOP_SERVER_LOG_LEVEL: {exc}") from None


def serve(args) -> int:
    import uvicorn

    from central.app import create_app
    from central.config import Settings, SettingsError

    try:
        level = args.log_level or _env_log_level()
        settings = Settings(database_url=args.database_url or "", log_level=level,
                            **tls.settings_overrides(args))
        tls.check(settings)
    except (tls.ServeOptionError, SettingsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    served = tls.uvicorn_options(settings)
    if args.workers > 1:
        from central import db

        engine = db.make_engine(settings.database_url)
        db.upgrade(engine)  # once, here: workers starting together must not race on migrations
        engine.dispose()
        os.environ.update(OCOP_SERVER_DATABASE_URL=settings.database_url, OCOP_SERVER_LOG_LEVEL=level,
                          OCOP_SERVER_MIGRATE="0", **tls.environment(settings))
        uvicorn.run("central.app:create_app", factory=True, workers=args.workers, host=args.host,
                    port=args.port, log_config=None, access_log=False, **served)
        return 0
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_config=None, access_log=False, **served)
    return 0
