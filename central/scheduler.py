"""The server's scheduled work: a small loop, run for the app's lifetime (`lifespan`, which
central/app.py gives the app), that applies scheduled price changes and commission rates when
their Vietnam day begins, so kiosks pull them on time even when nobody opens the dashboard that
day (cron can also run `main.py server apply-prices`), and forgets old sign-in throttle keys and
refused attempts past their keeping time (central/throttle.py). With `--workers N` every process
runs the loop, but only the one holding the `scheduler` lease (central/lease.py) does the work;
the others check every round and take over when the holder's lease runs out."""
from __future__ import annotations

import asyncio
import contextlib
import logging

from fastapi.concurrency import run_in_threadpool

from central import lease, throttle
from central.catalog import commission
from central.catalog import edit as catalog_admin

log = logging.getLogger("ocop.server.office")
PRICE_CHECK_SECONDS = 60
LEASE = "scheduler"
LEASE_SECONDS = 3 * PRICE_CHECK_SECONDS  # a dead holder is replaced within this plus one round


def scheduled_round(app) -> tuple[bool, int]:
    """One round of the loop: (this instance holds the lease, changes applied). The lease and the
    work share one transaction, so only the holder applies, and it applies each change once."""
    holder = app.state.instance_id
    with app.state.engine.begin() as conn:
        if not lease.hold(conn, LEASE, holder, LEASE_SECONDS):
            return False, 0
        n = catalog_admin.apply_due_price_changes(conn)
        commission.apply_due_rates(conn)
        throttle.prune(conn, app.state.settings, throttle.clock())
        throttle.prune_refusals(conn, app.state.settings)
    return True, n


async def _price_loop(app) -> None:
    was_leader = None
    app.state.scheduler_rounds = 0
    while True:
        try:
            leader, n = await run_in_threadpool(scheduled_round, app)
            app.state.scheduler_rounds += 1  # rounds done, leader or not (tests wait on it)
            if leader != was_leader:
                log.info("scheduler lease " + ("held" if leader else "held by another process"),
                         extra={"holder": app.state.instance_id})
                was_leader = leader
            if n:
                log.info("scheduled prices applied", extra={"changes": n})
        except Exception:  # a busy or restarting database: try again next round
            log.exception("applying scheduled prices failed")
        await asyncio.sleep(PRICE_CHECK_SECONDS)


def _release(app) -> None:
    with app.state.engine.begin() as conn:
        lease.release(conn, LEASE, app.state.instance_id)


@contextlib.asynccontextmanager
async def lifespan(app):
    if not hasattr(app.state, "instance_id"):
        app.state.instance_id = lease.new_holder()
    tasks = [asyncio.create_task(_price_loop(app))]
    settings = getattr(app.state, "settings", None)
    if settings is not None and settings.einvoice_key:  # nothing can be sent without the key
        from central.einvoice.loop import send_loop

        tasks.append(asyncio.create_task(send_loop(app)))
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        with contextlib.suppress(Exception):  # shutting down: at worst the lease runs out by itself
            await run_in_threadpool(_release, app)
