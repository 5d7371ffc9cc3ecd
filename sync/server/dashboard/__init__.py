"""The central office's web dashboard (/office) and its JSON API (/api/v1/office).

`router` is what sync/server/app.py registers. Its lifespan runs a small loop that applies
scheduled price changes when their Vietnam day begins, so kiosks pull new prices on time even
when nobody opens the dashboard that day (cron can also run `main.py server apply-prices`)."""
from __future__ import annotations

import asyncio
import contextlib
import logging

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from sync.protocol import API

from . import api, pages

log = logging.getLogger("ocop.server.office")
PRICE_CHECK_SECONDS = 60


def _apply_due(engine) -> int:
    from .. import catalog_admin

    with engine.begin() as conn:
        return catalog_admin.apply_due_price_changes(conn)


async def _price_loop(app) -> None:
    while True:
        try:
            n = await run_in_threadpool(_apply_due, app.state.engine)
            if n:
                log.info("scheduled prices applied", extra={"changes": n})
        except Exception:  # a busy or restarting database: try again next round
            log.exception("applying scheduled prices failed")
        await asyncio.sleep(PRICE_CHECK_SECONDS)


@contextlib.asynccontextmanager
async def lifespan(app):
    task = asyncio.create_task(_price_loop(app))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


router = APIRouter(lifespan=lifespan)
router.include_router(pages.router)
router.include_router(api.router, prefix=API)
