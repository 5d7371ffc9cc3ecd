"""The catalog kiosks pull: producers, categories, products with per-location prices, scheduled
price changes and fair price lists (central/catalog/price_feed.py), staff, settings and buyer
profiles, each row stamped with `rev` from one server-wide counter.

Why a locked counter row and not a sequence: the counter row stays locked until the writing
transaction commits, so revisions become visible in the order they were handed out and a kiosk
whose cursor is N can never miss a row committed later with a revision below N."""
from __future__ import annotations

import json
import logging

import sqlalchemy as sa

from central import models as m
from central.catalog import announcements, check, media, price_feed, rates, vat
from central.catalog.rules import CatalogError
from central.clock import utc_now_iso, vn_today
from central.catalog.shape import BadRow, pick
from central.db import dialect_insert
from central.einvoice import pullblock
from central.vouchers import redeem as voucher_redeem

log = logging.getLogger("ocop.server.catalog")


# what a kiosk keeps of a scheduled VAT change (pos/vat_schedule.py); a cancelled one is dropped there
VAT_KEYS = ("id", "product_id", "category_id", "vat_rate", "effective_day", "status", "note")


class SchemaNotMigrated(RuntimeError):
    """The counter row is missing: the database was not upgraded to migration 0003."""


def next_rev(conn) -> int:
    """Take the next revision; holds the counter's row lock until the transaction ends.

    Only an UPDATE: migration 0003 seeds the row, so two first writers queue on its lock instead
    of racing to insert it (the loser used to get an IntegrityError, a 409 to the admin)."""
    row = conn.execute(
        sa.update(m.counters).where(m.counters.c.name == "catalog_rev")
        .values(value=m.counters.c.value + 1).returning(m.counters.c.value)
    ).first()
    if row is None:
        raise SchemaNotMigrated("counters.catalog_rev is missing: run `main.py server migrate`")
    return row[0]


_CURRENT_REV = sa.select(m.counters.c.value).where(m.counters.c.name == "catalog_rev")


def current_rev(conn) -> int:
    """Asked on every public page (is the GTIN index stale?): one statement built once, so SQLAlchemy
    reuses its memoized cache key instead of rebuilding the query each call."""
    return conn.execute(_CURRENT_REV).scalar() or 0


def _upsert(conn, table: sa.Table, rows: list[dict], keys: list[str]) -> int:
    if not rows:
        return 0
    rev = next_rev(conn)
    now = utc_now_iso()
    shaped = []
    for row in rows:
        extra = {"rev": rev}
        if "updated_at" in table.c:
            extra["updated_at"] = row.get("updated_at") or now
        if table is m.products:
            codes = row.get("barcodes", [])
            if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                raise CatalogError("products.barcodes must be a list of codes", "barcodes")
            extra["barcodes"] = json.dumps(codes)
        try:
            shaped.append(pick(table, row, **extra))
        except BadRow as exc:  # the shaper's words, this path's error type
            raise CatalogError(str(exc)) from None
    stmt = dialect_insert(conn, table)
    stmt = stmt.on_conflict_do_update(index_elements=keys,
                                      set_={c.name: stmt.excluded[c.name] for c in table.c if c.name not in keys})
    conn.execute(stmt, shaped)
    return rev


def upsert_producers(conn, rows, by: str = "", today=None) -> int:
    """Producers, with their commission-rate history kept in step (central/catalog/rates.py;
    `today`: the Vietnam day the written rates are in force from, default today)."""
    rates.ensure_history(conn, [r.get("id") for r in rows if isinstance(r, dict)])
    rev = _upsert(conn, m.producers, rows, ["id"])
    rates.record_written(conn, rows, by, today)
    return rev


def upsert_categories(conn, rows): return _upsert(conn, m.categories, rows, ["id"])


def upsert_products(conn, rows, by: str = "", today=None) -> int:
    """Products; a VAT rate written here that the schedule would override today becomes the
    product's own scheduled change from today (central/catalog/vat.py record_written)."""
    before = vat.stored_rates(conn, rows)
    rev = _upsert(conn, m.products, rows, ["id"])
    vat.record_written(conn, rows, before, rev, by, today)
    return rev


def upsert_staff(conn, rows): return _upsert(conn, m.staff, rows, ["id"])
def upsert_prices(conn, rows): return _upsert(conn, m.location_prices, rows, ["location_code", "product_id"])


def set_settings(conn, location_code: str, values: dict) -> int:
    rows = [{"location_code": location_code, "key": k, "value": json.dumps(v, ensure_ascii=False)}
            for k, v in values.items()]
    return _upsert(conn, m.settings, rows, ["location_code", "key"])


def _fetch(conn, location_code: str, cursor: int, limit: int | None, upto: int | None = None) -> dict:
    p, lp = m.products, m.location_prices
    eff_rev = sa.case((sa.and_(lp.c.rev.is_not(None), lp.c.rev > p.c.rev), lp.c.rev), else_=p.c.rev)
    queries = {
        "products": sa.select(p, lp.c.price.label("location_price"), eff_rev.label("eff_rev"))
        .select_from(p.outerjoin(lp, sa.and_(lp.c.product_id == p.c.id, lp.c.location_code == location_code)))
        .where(sa.or_(p.c.rev > cursor, lp.c.rev > cursor)),
        "producers": sa.select(m.producers).where(m.producers.c.rev > cursor),
        "categories": sa.select(m.categories).where(m.categories.c.rev > cursor),
        "staff": sa.select(m.staff).where(m.staff.c.rev > cursor, sa.or_(m.staff.c.location_code.is_(None),
                                                                         m.staff.c.location_code == location_code)),
        "vat_changes": sa.select(m.vat_changes).where(m.vat_changes.c.rev > cursor),
        "price_changes": price_feed.changes_query(location_code, cursor),
        "price_lists": sa.select(m.price_lists).where(m.price_lists.c.rev > cursor),
        "product_content": sa.select(m.product_content).where(m.product_content.c.rev > cursor),
        "lot_recalls": sa.select(m.lot_recalls).where(m.lot_recalls.c.rev > cursor),
        "promotions": sa.select(m.promotions).where(m.promotions.c.rev > cursor),
        "settings": sa.select(m.settings).where(m.settings.c.rev > cursor,
                                                m.settings.c.location_code.in_(["", location_code])),
        "buyers": sa.select(m.buyers).where(m.buyers.c.rev > cursor),
        "product_sets": sa.select(m.product_sets).where(m.product_sets.c.rev > cursor),
        "vouchers": sa.select(m.vouchers).where(m.vouchers.c.rev > cursor),  # sent to a device only
    }
    out = {}
    for key, q in queries.items():
        rev = eff_rev if key == "products" else q.selected_columns.rev
        if upto is not None:
            q = q.where(rev <= upto)
        q = q.order_by(rev)
        if limit is not None:
            q = q.limit(limit + 1)
        rows = [dict(r._mapping) for r in conn.execute(q)]
        if key == "products":
            for r in rows:
                r["rev"] = r.pop("eff_rev")
        out[key] = rows
    return out


def _products(rows, upto: int, location_code: str, rejected: list[dict]) -> list[dict]:
    """changes_since's products up to `upto`, with the location's own price where it has one; a row a
    kiosk would refuse goes to `rejected` instead."""
    products = []
    for r in rows:
        if r["rev"] > upto:
            continue
        r = dict(r)
        lp_price = r.pop("location_price")
        if lp_price is not None:
            r["price"] = lp_price
        r["location_priced"] = lp_price is not None  # a chain-wide price change does not reach it (pos/prices.py)
        r.pop("rev")
        try:
            r["barcodes"] = check.barcodes_of(r["barcodes"])
            bad = check.product_problem(r)
        except ValueError as exc:
            bad = ("barcodes", str(exc))
        if bad:
            rejected.append(check.problem("products", {**r, "location_code": location_code}
                                          if lp_price is not None else r, *bad))
            continue
        products.append(r)
    return products


def _settings(rows, upto: int, rejected: list[dict]) -> dict:
    """changes_since's pullable settings up to `upto`, {key: value}, the location's own over the
    chain's; a value a kiosk would refuse goes to `rejected` instead."""
    settings_rows = sorted((r for r in rows if r["rev"] <= upto),
                           key=lambda r: (r["location_code"] != "", r["rev"]))  # the location's own wins
    values = {}
    for r in settings_rows:
        if r["key"] not in check.PULLABLE_SETTINGS:
            continue
        value, reason = check.setting_problem(r["key"], r["value"])
        if reason:
            rejected.append(check.problem("settings", {"id": r["key"], "location_code": r["location_code"]},
                                          "value", reason))
            continue
        values[r["key"]] = value
    return values


def _content(conn, rows, upto: int) -> list[dict]:
    """Each product whose content changed up to `upto`: its fields, its pictures (whole list, in
    display order, with their addresses and hashes) and its certificate document."""
    rows = [r for r in rows if r["rev"] <= upto]
    files = media.media_of(conn, [r["product_id"] for r in rows])
    return [{**{k: v for k, v in r.items() if k not in ("rev", "updated_by")}, **files[r["product_id"]]}
            for r in rows]


def set_rows(conn, rows: list[dict]) -> list[dict]:
    """The pull's `set_components` (central/catalog/sets.py): each product_sets row changed, with
    its components whole."""
    ids = [r["set_id"] for r in rows]
    comps: dict[str, list[dict]] = {i: [] for i in ids}
    c = m.set_components
    for i in range(0, len(ids), 500):
        for r in conn.execute(sa.select(c.c.set_id, c.c.component_id, c.c.qty).where(c.c.set_id.in_(ids[i:i + 500]))
                              .order_by(c.c.set_id, c.c.sort)):
            comps[r.set_id].append({"product_id": r.component_id, "qty": r.qty})
    return [{"set_id": i, "components": comps[i]} for i in ids]


# what a kiosk keeps of a promotion (pos/promotion_store.py; central/catalog/promotions.py writes them)
PROMOTION_KEYS = ("id", "kind", "name_vi", "name_en", "target", "target_id", "percent", "amount", "buy_qty",
                  "get_qty", "get_product_id", "min_total", "gift_product_id", "gift_qty", "start_day", "end_day",
                  "weekdays", "start_minute", "end_minute", "carrier")


def promotions_for(rows: list[dict], location_code: str) -> list[dict]:
    """Pulled promotions for a kiosk at `location_code`: whole where the promotion runs there; the
    id with status "ended" where it does not (any more), so the kiosk forgets it."""
    out = []
    for r in rows:
        here = not r["locations"] or location_code in r["locations"].split(",")
        out.append({k: r[k] for k in PROMOTION_KEYS} if r["status"] == "active" and here
                   else {"id": r["id"], "status": "ended"})
    return out


RECALL_KEYS = ("product_id", "lot_no", "reason", "recalled_at", "lifted_at")  # central/catalog/recalls.py; not who


def _additive(conn, fetched: dict, upto: int, location_code: str) -> dict:
    """The keys added since the first pull, each only when it has rows up to `upto`: a page without
    them reads as it did before, and a kiosk that does not know a key ignores it."""
    def upto_(key: str) -> list[dict]:
        return [r for r in fetched[key] if r["rev"] <= upto]

    out = {
        "vat_changes": [{k: r[k] for k in VAT_KEYS} for r in upto_("vat_changes")],
        # applied by the kiosk on its own day (pos/prices.py)
        "price_changes": price_feed.changes(upto_("price_changes")),
        "price_lists": price_feed.lists(conn, upto_("price_lists"), location_code),
        "product_content": _content(conn, fetched["product_content"], upto),
        "lot_recalls": [{k: r[k] for k in RECALL_KEYS} for r in upto_("lot_recalls")],
        "set_components": set_rows(conn, upto_("product_sets")),  # gift sets, each whole
        "promotions": promotions_for(upto_("promotions"), location_code),
    }
    return {key: rows for key, rows in out.items() if rows}


def changes_since(conn, location_code: str, cursor: int, limit: int = 5000, device_code: str = "") -> dict:
    """Rows changed after `cursor`, about `limit` per kind, up to a revision at which every kind
    is complete (so the next cursor never skips a row; one revision is never split). With the
    pulling device's code, also its e-invoice settings (whole, on every page: they are small)."""
    fetched = _fetch(conn, location_code, cursor, limit)
    top = current_rev(conn)
    upto = top
    for rows in fetched.values():
        if len(rows) > limit:  # this kind has more: stop below its first row left out
            upto = min(upto, rows[limit]["rev"] - 1)
    if upto <= cursor and upto < top:  # one revision holds more rows than a page: send that revision whole
        upto = min(rows[limit]["rev"] for rows in fetched.values() if len(rows) > limit)
        fetched = _fetch(conn, location_code, cursor, None, upto)
    more = upto < top
    out: dict = {"cursor": str(upto), "more": more}
    rejected: list[dict] = []
    for key in ("producers", "categories", "staff"):
        rows = []
        for r in fetched[key]:
            if r["rev"] > upto:
                continue
            bad = check.CHECKS[key](r)
            if bad:
                rejected.append(check.problem(key, r, *bad))
                continue
            if key == "producers" and not r.get("commune"):  # added in 0019: sent only when set
                r = {k: v for k, v in r.items() if k != "commune"}
            rows.append({k: v for k, v in r.items() if k not in ("rev", "location_code")})
        out[key] = rows
    out["products"] = _products(fetched["products"], upto, location_code, rejected)
    out["settings"] = _settings(fetched["settings"], upto, rejected)
    out["buyers"] = [{k: v for k, v in r.items() if k not in ("rev", "device_code")}
                     for r in fetched["buyers"] if r["rev"] <= upto]
    if device_code:
        out["einvoice"] = pullblock.block(conn, device_code, location_code)
        # the producers' announced deliveries still to receive here, whole on every page (small):
        # the kiosk keeps exactly this list open (central/catalog/announcements.py)
        out["delivery_announcements"] = announcements.open_for_location(conn, location_code, vn_today())
        # the vouchers changed since the cursor, with this kiosk's allotment (central/vouchers/redeem.py);
        # `vouchers`, the whole list older kiosks replaced theirs with, is no longer sent
        changed = [r for r in fetched["vouchers"] if r["rev"] <= upto]
        if changed:
            out["voucher_changes"] = voucher_redeem.changes_for(conn, changed, device_code, location_code, vn_today(),
                                                                first=cursor == 0)
    out.update(_additive(conn, fetched, upto, location_code))
    out["rejected"] = rejected
    if rejected:
        log.warning("catalog rows withheld from a kiosk pull (fix them in the central catalog)",
                    extra={"location_code": location_code, "rows": len(rejected), "first": rejected[:5]})
    return out


def kiosk_page(conn, location_code: str, device_code: str, cursor: int, limit: int, public_url: str = "") -> dict:
    """One page exactly as a kiosk receives it: the network pull (api/routes/catalog.py) and the
    fair bundle (central/events/fair.py) both send this, so the two never diverge."""
    out = changes_since(conn, location_code, cursor, limit, device_code)
    if public_url:  # additive: kiosks print the Digital Link of the lot sold (pos/gs1.py lot_link)
        out["public_url"] = public_url.rstrip("/")
    return out


def note_cursor(conn, device_code: str, cursor: int) -> None:
    """Remember the catalog cursor a kiosk says it holds: a fair bundle for it starts there."""
    dev = m.devices.c
    conn.execute(sa.update(m.devices).where(dev.code == device_code,
                                            sa.or_(dev.pull_cursor.is_(None), dev.pull_cursor != cursor))
                 .values(pull_cursor=cursor))
