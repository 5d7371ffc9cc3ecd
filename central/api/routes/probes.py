"""Probes for a load balancer or systemd watchdog, outside /api/v1 where such tools look.

/healthz: the process answers (no database: a slow database must not get live workers killed).
/readyz: the database answers and its schema is at the newest migration; 503 otherwise, so a
worker started against an unmigrated or unreachable database gets no traffic. The older
/api/v1/health (what kiosks ask) is unchanged."""
from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from central import db

router = APIRouter(tags=["health"])
log = logging.getLogger("ocop.server")
_HEAD: list[str] = []  # the code's newest revision, read from the migrations folder once


def code_head(engine: sa.Engine) -> str:
    if not _HEAD:
        _HEAD.append(ScriptDirectory.from_config(db.alembic_config(engine)).get_current_head())
    return _HEAD[0]


@router.get("/healthz", summary="the process is alive (does not touch the database)")
def healthz() -> dict:
    return {"status": "ok"}


@router.get("/readyz", summary="the database is reachable and migrated to the newest revision",
            responses={503: {"description": "database unreachable or schema not at the newest revision"}})
def readyz(request: Request):
    engine = request.app.state.engine
    head = code_head(engine)
    try:
        with engine.connect() as conn:
            made = sa.inspect(conn).has_table("alembic_version")
            rev = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() if made else None
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"; the reason is logged
        log.warning("not ready: database", extra={"error": str(exc)[:300]})
        return JSONResponse({"status": "unavailable", "reason": "database unreachable"}, status_code=503)
    if rev != head:
        reason = (f"schema at {rev}, code needs {head}" if rev else "schema not created") + \
            " (run: main.py server migrate)"
        return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)
    return {"status": "ok", "database": engine.dialect.name, "schema": rev}
