"""The product hub's test rig: a central server (SQLite file, pictures in a temporary folder) with
the rig's catalog, an office user signed in through the login form (cookie + CSRF, as a browser),
and pictures made with Pillow."""
from __future__ import annotations

import io
import re
from types import SimpleNamespace

import pytest
import requests
from PIL import Image

from rig import PASSWORD, PgSchema, Server, build_central_catalog, office_session, pg_reachable

SALT_GTIN = "08930000000019"  # the rig's salt: EAN-13 8930000000019 in its GTIN-14 form


def picture(w: int = 800, h: int = 600, fmt: str = "JPEG", color=(200, 80, 40), **save) -> bytes:
    img = Image.new("RGB", (w, h), color)
    for x in range(0, w, 40):  # some detail, so the JPEG is not trivially small
        img.paste((30, 120, 60), (x, 0, x + 10, h))
    out = io.BytesIO()
    img.save(out, fmt, **save)
    return out.getvalue()


def csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)


def signed_in(url: str, username: str = "office") -> requests.Session:
    s = requests.Session()
    r = s.post(f"{url}/office/login", data={"username": username, "password": PASSWORD, "next": "/office"},
               allow_redirects=False, timeout=30)
    assert r.status_code == 303, r.text[:300]
    return s


def upload(hub, path: str, files: list[tuple[str, bytes, str]]) -> requests.Response:
    page = hub.browser.get(f"{hub.url}/office/catalog/product/{hub.cat.salt}/content", timeout=30).text
    return hub.browser.post(f"{hub.url}{path}", data={"csrf": csrf(page)},
                            files=[("file", f) for f in files], timeout=60)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def hub(request, tmp_path_factory):
    """The server on a SQLite file, or in a fresh PostgreSQL schema (dropped afterwards)."""
    from central import accounts

    tmp = tmp_path_factory.mktemp("hub")
    schema = None
    if request.param == "pg":
        why = pg_reachable()
        if why:
            pytest.skip(why)
        schema = PgSchema()
    srv = Server(schema.url if schema else f"sqlite:///{tmp / 'central.sqlite3'}", media_dir=str(tmp / "media"))
    try:
        with srv.engine.begin() as conn:
            accounts.create_user(conn, "office", PASSWORD, "admin", "Lê Thị Hoa")
            accounts.create_user(conn, "viewer1", PASSWORD, "viewer", "Phạm Văn Xem")
        api = office_session(srv.url)
        cat = build_central_catalog(api, srv.url)
        yield SimpleNamespace(server=srv, url=srv.url, api=api, cat=cat, media=tmp / "media", tmp=tmp,
                              browser=signed_in(srv.url))
    finally:
        srv.stop()
        if schema:
            schema.drop()
