"""Before/after of `settlement_close_s` in ONE run (issue 15): the month of bench_settlement.py is
loaded once into a fresh PostgreSQL schema, then the close is timed alternately with the code of a
base git revision (exported with `git archive` into a temporary directory) and with this working
tree, each in its own process, so both see the same data and the same machine load. Each close
runs in a transaction rolled back afterwards. `--profile` also prints every query of one close of
each side with its time, and EXPLAIN ANALYZE of the slowest ones.

    python bench/compare_settlement_close.py --base e9d5ed8 [--rounds 3] [--profile]

The base side runs without the indexes this tree's migrations added after the base (dropped
inside its rolled-back transaction), as it would on a database of the base revision. Not part of
bench/run.py (it needs git and two copies of the code): a tool for measuring a change."""
from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import bench_settlement as bs  # noqa: E402

NEW_INDEXES: tuple[str, ...] = ()  # indexes this tree adds after the base: dropped for the base side

WORKER = r'''
import datetime as dt, json, sys, time
root, url, label, profile = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
drop = json.loads(sys.argv[5])
sys.path.insert(0, root)
import sqlalchemy as sa
from central import db
from central.figures import settlement_close as sc
engine = db.make_engine(url)
spent = []
if profile:
    @sa.event.listens_for(engine, "before_cursor_execute")
    def _b(conn, cursor, statement, params, context, many):
        conn.info["t0"] = time.perf_counter()
    @sa.event.listens_for(engine, "after_cursor_execute")
    def _a(conn, cursor, statement, params, context, many):
        spent.append((time.perf_counter() - conn.info["t0"], statement, params if not many else None))
with engine.connect() as conn:
    tx = conn.begin()
    for name in drop:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
    t0, c0 = time.perf_counter(), time.process_time()
    got = sc.close_period(conn, "2026-10-01", "2026-10-31", by="bench", today=dt.date(2026, 12, 7))
    took, cpu = time.perf_counter() - t0, time.process_time() - c0
    plans, done = [], list(spent)  # the close's own queries, not the EXPLAINs below
    if profile:
        for s, statement, params in sorted(done, key=lambda x: -x[0])[:3]:
            if statement.lstrip().upper().startswith("SELECT") and params is not None:
                rows = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, params).all()
                plans.append({"seconds": round(s, 3), "sql": statement[:300],
                              "plan": "\n".join(r[0] for r in rows)})
    tx.rollback()
engine.dispose()
print(json.dumps({"label": label, "took": took, "cpu": cpu, "closed": len(got["closed"]),
                  "sql": sum(x[0] for x in done),
                  "queries": [(round(s, 3), q[:90].replace("\n", " ")) for s, q, _p in sorted(done, key=lambda x: -x[0])[:8]],
                  "plans": plans}))
'''


def _export(rev: str, into: Path) -> None:
    tar = subprocess.run(["git", "archive", rev, "central", "pos", "sync"], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=tar.stdout, check=True)


def _run(root: Path, url: str, label: str, profile: bool, drop: tuple[str, ...]) -> dict:
    out = subprocess.run([sys.executable, "-c", WORKER, str(root), url, label, "1" if profile else "0",
                          json.dumps(list(drop))], capture_output=True, text=True, cwd=root)
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--schema", help="reuse this loaded schema (kept afterwards) instead of loading a new one")
    ap.add_argument("--keep", action="store_true", help="keep the new schema (prints its name)")
    args = ap.parse_args()
    import psycopg
    from central import db

    dsn = bs.PG.replace("+psycopg", "")
    schema = args.schema or "bench_cmp_" + secrets.token_hex(5)
    url = f"{bs.PG}?options=-csearch_path%3D{schema}"
    try:
        engine = db.make_engine(url)
        if not args.schema:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(f'CREATE SCHEMA "{schema}"')
            db.upgrade(engine)
            t0 = time.perf_counter()
            bs._load(dsn, schema, random.Random(15))
            print(f"loaded {bs.LINES:,} lines into {schema} in {time.perf_counter() - t0:.1f} s", flush=True)
        db.upgrade(engine)  # a kept schema gets this tree's new migrations (the base side drops their indexes)
        engine.dispose()
        with tempfile.TemporaryDirectory() as tmp:
            base = Path(tmp)
            _export(args.base, base)
            sides = {"before": (base, NEW_INDEXES), "after": (ROOT, ())}
            times: dict[str, list[float]] = {"before": [], "after": []}
            cpu: dict[str, list[float]] = {"before": [], "after": []}
            if args.profile:
                for label, (root, drop) in sides.items():
                    got = _run(root, url, label, True, drop)
                    print(f"\n== {label}: {got['took']:.3f} s, {got['closed']} closed, {got['sql']:.3f} s of it in SQL; "
                          "slowest queries:")
                    for s, q in got["queries"]:
                        print(f"   {s:7.3f} s  {q}")
                    for p in got["plans"]:
                        print(f"\n-- {p['seconds']} s: {p['sql']}\n{p['plan']}")
            for _ in range(args.rounds):
                for label, (root, drop) in sides.items():
                    got = _run(root, url, label, False, drop)
                    times[label].append(got["took"])
                    cpu[label].append(got["cpu"])
                    print(f"{label:6} {got['took']:.3f} s, Python's own CPU {got['cpu']:.3f} s ({got['closed']} closed) "
                          f"load {os.getloadavg()[0]:.1f}", flush=True)
        if not args.rounds:
            return
        med = {k: statistics.median(v) for k, v in times.items()}
        low = {k: min(v) for k, v in times.items()}
        own = {k: statistics.median(v) for k, v in cpu.items()}
        print(f"\nmedian before {med['before']:.3f} s, after {med['after']:.3f} s (x{med['before'] / med['after']:.2f}); "
              f"fastest before {low['before']:.3f} s, after {low['after']:.3f} s (x{low['before'] / low['after']:.2f}); "
              f"Python's own CPU (median) before {own['before']:.3f} s, after {own['after']:.3f} s; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    finally:
        if not (args.schema or args.keep):
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


if __name__ == "__main__":
    main()
