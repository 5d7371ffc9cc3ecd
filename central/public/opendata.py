"""The open-data files at stable addresses: /opendata/datapackage.json (the descriptor),
/opendata/products.csv|.json and /opendata/producers.csv|.json (central/figures/opendata.py makes
them; docs/opendata.md documents them).

Built once per catalog revision and day (the certificate validity column is as of a day) and
kept: a portal that polls every minute costs one revision query per request."""
from __future__ import annotations

import json
import threading

from fastapi import APIRouter, Request
from fastapi.responses import Response

from central.catalog import pull as catalog
from central.clock import vn_today
from central.figures import opendata as od
from central.office.i18n import N_, _, using
from central.public import render

router = APIRouter(prefix="/opendata", include_in_schema=False)
CACHE = "public, max-age=600"
TITLE = N_("Danh mục sản phẩm OCOP")
_lock = threading.Lock()


def base_url(request: Request) -> str:
    """The server's public address (Settings.public_url), else the one this request came to."""
    return (request.app.state.settings.public_url or str(request.base_url)).rstrip("/")


def _files(request: Request) -> dict[str, bytes]:
    base, today = base_url(request), vn_today().isoformat()
    with request.app.state.engine.connect() as conn:
        key = (catalog.current_rev(conn), today, base)
        kept = getattr(request.app.state, "opendata", None)
        if kept and kept[0] == key:
            return kept[1]
        with _lock:
            data = od.catalog(conn, base, today)
    files = {"datapackage.json": json.dumps(od.descriptor(base, today, TITLE), ensure_ascii=False, indent=1).encode()}
    for name, fields in od.RESOURCES.items():
        files[f"{name}.csv"] = od.to_csv(data[name], fields)
        files[f"{name}.json"] = json.dumps(data[name], ensure_ascii=False).encode()
    request.app.state.opendata = (key, files)
    return files


@router.get("/")
def index(request: Request):
    lang = render.lang_of(request)
    with using(lang):
        title = _(TITLE)
    return render.page(request, "opendata.html", title=title, files=list(_files(request)))


@router.get("/{name}")
def download(name: str, request: Request):
    files = _files(request)
    if name not in files:
        return Response("not found", status_code=404, media_type="text/plain")
    ctype = "text/csv; charset=utf-8" if name.endswith(".csv") else "application/json"
    return Response(files[name], media_type=ctype, headers={"Cache-Control": CACHE,
                                                            "Access-Control-Allow-Origin": "*"})
