"""A fair's price lists in the office's JSON API (/api/v1/office/price-lists), as on the page
/office/catalog/price-lists: list, make, read, replace, end. Reading needs any office user, writing
an administrator or manager. The rules are central/catalog/price_lists.py."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, status
from pydantic import BaseModel, Field

from central.api.deps import user_scheme
from central.api.spec import errors
from central.catalog import price_lists as pl
from central.catalog.rules import CatalogError
from central.office.auth import OfficeUser, api_editor, api_user

router = APIRouter(prefix="/office", tags=["office"], dependencies=[Depends(user_scheme)])
Viewer = Annotated[OfficeUser, Depends(api_user)]
Editor = Annotated[OfficeUser, Depends(api_editor)]


class PriceList(BaseModel):
    name: str = Field(max_length=200)
    start_day: str = Field(max_length=10)  # YYYY-MM-DD or dd/mm/yyyy, Vietnam days
    end_day: str = Field(max_length=10)
    from_time: str = Field(default="", max_length=5)  # HH:MM each day, '' = all day
    to_time: str = Field(default="", max_length=5)
    locations: list[str] = Field(max_length=500)
    items: list[dict[str, Any]] = Field(max_length=pl.MAX_ITEMS)  # [{sku | product_id, price}]
    note: str = Field(default="", max_length=500)


WHY = {"id": status.HTTP_404_NOT_FOUND, "status": status.HTTP_409_CONFLICT}  # no such list / it has ended


def _bad(exc: CatalogError, code: int = status.HTTP_422_UNPROCESSABLE_CONTENT) -> HTTPException:
    return HTTPException(code, {"message": str(exc), "field": exc.field})


@router.get("/price-lists")
def price_lists(user: Viewer, request: Request) -> list[dict]:
    with request.app.state.engine.connect() as conn:
        return pl.listing(conn)


@router.post("/price-lists")
def price_list_new(body: PriceList, user: Editor, request: Request) -> dict:
    try:
        with request.app.state.engine.begin() as conn:
            return pl.save(conn, body.model_dump(), user.username)
    except CatalogError as exc:
        raise _bad(exc) from None


@router.get("/price-lists/{list_id}", **errors(404))
def price_list(list_id: str, user: Viewer, request: Request) -> dict:
    with request.app.state.engine.connect() as conn:
        row = pl.get(conn, list_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such price list")
    return row


@router.put("/price-lists/{list_id}", **errors(404, 409))
def price_list_replace(list_id: str, body: PriceList, user: Editor, request: Request) -> dict:
    try:
        with request.app.state.engine.begin() as conn:
            return pl.save(conn, body.model_dump(), user.username, list_id=list_id)
    except CatalogError as exc:
        raise _bad(exc, WHY.get(exc.field, status.HTTP_422_UNPROCESSABLE_CONTENT)) from None


@router.post("/price-lists/{list_id}/end", **errors(404))
def price_list_end(list_id: str, user: Editor, request: Request) -> dict:
    try:
        with request.app.state.engine.begin() as conn:
            return pl.end(conn, list_id, user.username)
    except CatalogError as exc:
        raise _bad(exc, status.HTTP_404_NOT_FOUND) from None
