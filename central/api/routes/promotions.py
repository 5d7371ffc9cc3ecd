"""Promotions in the office's JSON API (/api/v1/office/promotions): the same rows and checks as the
office page (central/catalog/promotions.py), for scripts that plan a fair's promotions ahead.
Listing for any office user; create, edit and end for administrators and managers."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, status

from central.api.deps import user_scheme
from central.api.spec import errors
from central.catalog import promotions
from central.catalog.rules import CatalogError
from central.clock import vn_today
from central.office.auth import OfficeUser, api_editor, api_user

router = APIRouter(prefix="/office", tags=["office"], dependencies=[Depends(user_scheme)])
Viewer = Annotated[OfficeUser, Depends(api_user)]
Editor = Annotated[OfficeUser, Depends(api_editor)]
Row = dict[str, Any]


def _bad(exc: CatalogError, code: int = status.HTTP_422_UNPROCESSABLE_CONTENT) -> HTTPException:
    return HTTPException(code, {"message": str(exc), "field": exc.field})


@router.get("/promotions")
def list_promotions(user: Viewer, request: Request) -> list[dict]:
    with request.app.state.engine.connect() as conn:
        return promotions.listing(conn, vn_today())


@router.post("/promotions")
def create_promotion(body: Row, user: Editor, request: Request) -> dict:
    """A promotion as the office page's fields, product and producer by id, `locations` a list of
    location codes (empty: every location), `start_minute`/`end_minute` as "HH:MM" or minutes."""
    try:
        with request.app.state.engine.begin() as conn:
            return promotions.save(conn, body, user.username)
    except CatalogError as exc:
        raise _bad(exc) from None


@router.put("/promotions/{promotion_id}", **errors(404))
def edit_promotion(promotion_id: str, body: Row, user: Editor, request: Request) -> dict:
    try:
        with request.app.state.engine.begin() as conn:
            return promotions.save(conn, body, user.username, promotion_id)
    except CatalogError as exc:
        raise _bad(exc, status.HTTP_404_NOT_FOUND if exc.field == "id" else 422) from None


@router.post("/promotions/{promotion_id}/end", **errors(404))
def end_promotion(promotion_id: str, user: Editor, request: Request) -> dict:
    try:
        with request.app.state.engine.begin() as conn:
            return promotions.end(conn, promotion_id, user.username)
    except CatalogError as exc:
        raise _bad(exc, status.HTTP_404_NOT_FOUND) from None
