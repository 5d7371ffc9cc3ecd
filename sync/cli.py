"""The kiosk's sync commands for main.py (`server ...` is central/cli.py's)."""
from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("sync", help="sync this kiosk with the central server now, and report what moved")
    p.add_argument("--db", help="kiosk database file (default: the platform's user data folder)")
    p.add_argument("--reconcile", action="store_true", help="also compare the last days' totals with the server")
    p.add_argument("--batch", type=int, default=500, help="events per request")
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser("enroll", help="connect this kiosk to a central server with a one-time code")
    p.add_argument("--db")
    p.add_argument("--server", required=True, help="server URL, e.g. https://ocop.example.vn")
    p.add_argument("--device", required=True, help="device code the admin registered, e.g. HN01")
    p.add_argument("--code", required=True, help="one-time enrollment code")
    p.add_argument("--ca-file", metavar="PEM", help="the server's own CA certificate(s), e.g. province-ca.pem "
                   "(kept by the kiosk and trusted for every later sync; default: the public CAs)")
    p.add_argument("--allow-http", action="store_true", help="allow plain http:// to another machine "
                   "(unencrypted; only on a trusted private network)")
    p.set_defaults(func=cmd_enroll)

    p = sub.add_parser("export-bundle", help="write unsynced events to a signed file (fairs without internet)")
    p.add_argument("path")
    p.add_argument("--db")
    p.set_defaults(func=cmd_export)


def _store(args):
    from pos.store import Store

    path = args.db
    if not path:
        import platformdirs
        from pathlib import Path

        folder = Path(platformdirs.user_data_dir("ocop-pos", "OCOP"))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "kiosk.db"
    return Store(path)


def cmd_sync(args) -> int:
    from .client import SyncError, reconcile, sync_once

    with _store(args) as store:
        try:
            report = sync_once(store, batch_size=args.batch)
            if args.reconcile:
                report.reconcile = reconcile(store, batch_size=args.batch)
        except SyncError as exc:
            print(f"error: sync failed: {exc}", file=sys.stderr)
            return 1
        print(report.summary())
    return 0


def cmd_enroll(args) -> int:
    from .client import SyncError, enroll

    with _store(args) as store:
        try:
            info = enroll(store, args.server, args.device, args.code, ca_file=args.ca_file,
                          allow_http=args.allow_http)
        except SyncError as exc:
            print(f"error: enrollment failed: {exc}", file=sys.stderr)
            return 1
    print(f"enrolled as {info['device_code']} at {info['location_code']} ({info['location_name']})")
    return 0


def cmd_export(args) -> int:
    from .client import SyncError, export_bundle

    with _store(args) as store:
        try:
            info = export_bundle(store, args.path)
        except SyncError as exc:
            print(f"error: export failed: {exc}", file=sys.stderr)
            return 1
    print(f"{info['events']} unsynced events written to {info['path']}"
          + (f" (seq {info['first_seq']}-{info['last_seq']})" if info["events"] else ""))
    return 0
