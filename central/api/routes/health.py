"""Liveness and version: what a kiosk asks first to tell 'offline' from 'refused'."""
from fastapi import APIRouter, Request

from central.catalog import pull as catalog

router = APIRouter(tags=["health"])


@router.get("/health")
def health(request: Request) -> dict:
    with request.app.state.engine.connect() as conn:
        rev = catalog.current_rev(conn)
    return {"status": "ok", "database": request.app.state.engine.dialect.name, "catalog_rev": rev}
