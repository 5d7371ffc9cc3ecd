"""The catalog list (/office/catalog): products and producers, with search."""
from __future__ import annotations

from fastapi import APIRouter, Request

from central.catalog import edit as ca
from central.office import render
from central.office.deps import User, engine
from central.office.pages.problems import scan as catalog_problems

router = APIRouter(prefix="/office", include_in_schema=False)


@router.get("/catalog")
def catalog_page(request: Request, user: User, q: str = "", producer: str = "", msg: str = ""):
    with engine(request).connect() as conn:
        prods = ca.list_products(conn, q.strip(), producer)
        producers = ca.list_producers(conn)
        problems = catalog_problems(conn)
    return render.page(request, "catalog.html", user=user, q=q, producer=producer, msg=msg, products=prods,
                       producers=producers, names={p["id"]: p["name"] for p in producers}, problems=problems)
