"""Which category of each marketplace one of ours goes to (table marketplace_categories, migration
0022): every marketplace's upload sheet wants its own category id, which only the office can pick
from the marketplace's category tree. One code per (marketplace, our category); blank removes it."""
from __future__ import annotations

import sqlalchemy as sa

from central import models as m
from central.catalog.rules import N_, CatalogError
from central.clock import utc_now_iso

MAX_CODE = 64


def of(conn, marketplace: str) -> dict[str, str]:
    """{our category id: the marketplace's category code}."""
    t = m.marketplace_categories
    return dict(conn.execute(sa.select(t.c.category_id, t.c.code).where(t.c.marketplace == marketplace)).all())


def set_code(conn, marketplace: str, category_id: str, code: str, by: str) -> None:
    code = (code or "").strip()
    if len(code) > MAX_CODE or any(ord(ch) < 32 for ch in code):
        raise CatalogError(N_("mã ngành hàng trên sàn không hợp lệ: {code}"), "code", code=code[:MAX_CODE])
    if conn.execute(sa.select(m.categories.c.id).where(m.categories.c.id == category_id)).first() is None:
        raise CatalogError(N_("không có nhóm hàng này"), "category_id")
    t = m.marketplace_categories
    where = (t.c.marketplace == marketplace) & (t.c.category_id == category_id)
    conn.execute(sa.delete(t).where(where))
    if code:
        conn.execute(sa.insert(t).values(marketplace=marketplace, category_id=category_id, code=code,
                                         updated_at=utc_now_iso(), updated_by=by))
