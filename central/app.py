"""The central server's FastAPI application factory."""
from __future__ import annotations

import logging
import time

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from sync.protocol import API

from central import db, lease, logs, office, portal, proxy, requestid, scheduler
from central.api import bodies, errors, guards, spec
from central.api.routes import admin, auth, catalog, devices, events, health
from central.api.routes import office as office_api
from central.api.routes import price_lists as price_lists_api
from central.api.routes import promotions as promotions_api
from central.api.routes import probes, reconcile, stray, vouchers
from central.config import Settings
from central.public import opendata, trace

log = logging.getLogger("ocop.server")

# Routers per resource, all under /api/v1; the office's web pages (/office) are added after them.
ROUTERS = [health.router, devices.router, events.router, catalog.router, reconcile.router, auth.router,
           admin.router, stray.router, office_api.router, price_lists_api.router, promotions_api.router,
           vouchers.router]
# Public routers at the root, no sign-in: GS1 Digital Link pages (/01/…), pictures, open data.
PUBLIC_ROUTERS = [trace.router, opendata.router]


class AccessLog:
    """One structured line per request (pure ASGI: no body re-streaming as BaseHTTPMiddleware does)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        t0 = time.perf_counter()
        status = [500]

        async def send_wrapper(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            log.info("request", extra={"method": scope["method"], "path": scope["path"], "status": status[0],
                                       "client": proxy.scope_client(scope),
                                       "ms": round((time.perf_counter() - t0) * 1000, 1)})


def route_body_limits(settings: Settings) -> dict[str, int]:
    """Body limits below the server-wide one, for routes reachable without a user's login."""
    return {f"{API}/enroll": settings.max_enroll_bytes, f"{API}/reconcile": settings.max_reconcile_bytes,
            f"{API}/auth/login": settings.max_enroll_bytes, "/office/login": settings.max_enroll_bytes,
            "/portal/login": settings.max_enroll_bytes}


def create_app(settings: Settings | None = None, engine: sa.Engine | None = None) -> FastAPI:
    settings = settings or Settings()
    logs.setup(settings.log_level)
    engine = engine or db.make_engine(settings.database_url)
    if settings.migrate:
        db.upgrade(engine)
    app = FastAPI(title="OCOP POS central server", version="1.0",
                  description="Kiosk event push, catalog pull, reconciliation and administration.",
                  openapi_url=f"{API}/openapi.json", docs_url=f"{API}/docs", redoc_url=None,
                  lifespan=scheduler.lifespan)
    app.state.settings = settings
    app.state.engine = engine
    app.state.instance_id = lease.new_holder()  # who holds the scheduler lease (central/lease.py)
    for router in ROUTERS:
        app.include_router(router, prefix=API)
    app.include_router(office.router)
    app.include_router(portal.router)  # the producer portal (/portal), its own sign-in
    for router in PUBLIC_ROUTERS:
        app.include_router(router)
    app.include_router(probes.router)  # /healthz, /readyz at the root, where load balancers look

    @app.exception_handler(sa.exc.IntegrityError)
    async def integrity(request: Request, exc: sa.exc.IntegrityError):
        log.warning("integrity error", extra={"path": request.url.path, "error": str(exc.orig)[:300]})
        return JSONResponse({"detail": f"conflicts with data the server holds: {str(exc.orig)[:200]}"}, status_code=409)

    bodies.document(app)  # the kiosk API's msgspec structs (sync/protocol.py) in the OpenAPI document
    spec.install(app)  # every reply documented, the document also at /openapi.json
    errors.install(app)  # short error replies that never echo the request
    app.add_middleware(guards.BodyGuard, max_bytes=settings.max_body_bytes, limits=route_body_limits(settings),
                       max_depth=settings.max_json_depth)
    app.add_middleware(AccessLog)  # around the guard: a refused body is logged too
    app.add_middleware(requestid.RequestId)  # outermost: even a refused body gets an id
    proxy.install(app, settings.forwarded_allow_ips)  # around even that: every layer sees the real client
    log.info("server ready", extra={"database": engine.url.render_as_string(hide_password=True)})
    return app
