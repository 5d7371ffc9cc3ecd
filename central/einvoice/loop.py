"""The server's e-invoice loop: every SEND_EVERY_S seconds, for the app's lifetime, send what is due
(central/einvoice/sender.py). With `--workers N` every process runs it; the `einvoice` lease lets one
send at a time. It runs only when the server has an encryption key (OCOP_SERVER_EINVOICE_KEY):
without one no credential can be read, and the dashboard says so. Cron can instead run
`main.py server einvoice-send`."""
from __future__ import annotations

import asyncio
import logging

from fastapi.concurrency import run_in_threadpool

from central.einvoice.sender import Sender

log = logging.getLogger("ocop.server.einvoice")
SEND_EVERY_S = 30


async def send_loop(app) -> None:
    sender = Sender(app.state.engine, app.state.settings.einvoice_key, holder=app.state.instance_id)
    app.state.einvoice_rounds = 0
    while True:
        try:
            counts = await run_in_threadpool(sender.run_once)
            app.state.einvoice_rounds += 1
            if counts.get("claimed"):
                log.info("e-invoices sent", extra={k: v for k, v in counts.items() if isinstance(v, int)})
        except Exception:  # a busy or restarting database: try again next round
            log.exception("sending e-invoices failed")
        await asyncio.sleep(SEND_EVERY_S)
