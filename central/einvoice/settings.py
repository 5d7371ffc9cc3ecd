"""Per-seller e-invoice settings: who invoices (the booth operator, and producers that invoice
themselves or delegate to the operator), with which template, 5-character authority prefix,
provider and credentials, at which business locations, and each kiosk's symbol per seller.

Checked here, where they are written (the page and any future API share it): a tax code with its
check digit (python-stdnum, stdnum.vn.mst: 10 digits, or 13 for a branch), template 1 or 2, a
5-character authority prefix, a symbol `C` + two-digit year + `M` + two characters (Circular
91/2026, as issue 13 summarizes it), a provider the registry knows. Bad input raises Invalid (a
CatalogError: Vietnamese msgid + parameters, shown in the office user's language); nothing is written.
"""
from __future__ import annotations

import datetime as dt
import json
import re

import sqlalchemy as sa
from stdnum.vn import mst

from central import models as m
from central.catalog.pull import next_rev
from central.catalog.rules import CatalogError, N_
from central.clock import utc_now_iso
from central.einvoice import secrets
from central.einvoice.providers import REGISTRY
from central.einvoice.providers.base import Seller

SYMBOL = re.compile(r"^C\d{2}M[A-Z0-9]{2}$")
PREFIX = re.compile(r"^[A-Z0-9]{5}$")
S = m.einvoice_sellers


class Invalid(CatalogError):
    """Settings the office must correct; `field` names the input."""


def clean_tax_code(value: str, field: str = "tax_code") -> str:
    code = mst.compact(value or "")
    if not mst.is_valid(code):
        raise Invalid(N_("mã số thuế {value} không hợp lệ (10 hoặc 13 chữ số, sai số kiểm tra)"), field, value=value)
    return code


def save_seller(conn, data: dict, key: str, actor: str) -> str:
    """Create or update one seller; the password is sealed with the server's key (left as it was
    when not given). Returns the tax code."""
    tax = clean_tax_code(data.get("tax_code", ""))
    template = str(data.get("template", "1"))
    if template not in ("1", "2"):
        raise Invalid(N_("mẫu số phải là 1 (hóa đơn GTGT) hoặc 2 (hóa đơn bán hàng)"), "template")
    prefix = (data.get("authority_prefix") or "").strip().upper()
    if prefix and not PREFIX.match(prefix):
        raise Invalid(N_("mã của cơ quan thuế phải gồm đúng 5 chữ hoặc số (authority_prefix)"), "authority_prefix")
    provider = data.get("provider") or ""
    if provider and provider not in REGISTRY:
        raise Invalid(N_("nhà cung cấp phải là một trong: {names}"), "provider", names=", ".join(sorted(REGISTRY)))
    if not (data.get("name") or "").strip():
        raise Invalid(N_("cần tên người bán (tên pháp lý)"), "name")
    delegate = data.get("delegate_tax_code") or ""
    if delegate:
        delegate = clean_tax_code(delegate, "delegate_tax_code")
    options = data.get("provider_options") or {}
    if isinstance(options, str):
        try:
            options = json.loads(options or "{}")
        except ValueError:
            options = None
    if not isinstance(options, dict):
        raise Invalid(N_("tùy chọn nhà cung cấp phải là một đối tượng JSON, ví dụ {example}"), "provider_options",
                      example='{"template_code": "1/001"}')
    row = {"name": data["name"].strip(), "address": (data.get("address") or "").strip(), "template": template,
           "authority_prefix": prefix, "provider": provider, "provider_url": (data.get("provider_url") or "").strip(),
           "provider_options": json.dumps(options, ensure_ascii=False), "username": data.get("username") or "",
           "lookup_url": (data.get("lookup_url") or "").strip(), "is_operator": int(bool(data.get("is_operator"))),
           "delegate_tax_code": delegate, "delegation_ref": data.get("delegation_ref") or "",
           "enabled": int(bool(data.get("enabled", True))), "updated_at": utc_now_iso(), "updated_by": actor}
    if data.get("password"):
        try:
            row["secret"] = secrets.seal(key, data["password"])
        except secrets.NoKey:
            raise Invalid(N_("máy chủ chưa có khóa mã hóa OCOP_SERVER_EINVOICE_KEY: chưa lưu được mật khẩu"),
                          "password") from None
    next_rev(conn)  # kiosks pull again: their "einvoice" block changed
    if conn.execute(sa.select(S.c.tax_code).where(S.c.tax_code == tax)).first():
        conn.execute(sa.update(S).where(S.c.tax_code == tax).values(row))
    else:
        conn.execute(sa.insert(S).values(tax_code=tax, **row))
    return tax


def set_place(conn, tax_code: str, code: str, name: str, address: str, location_code: str = "") -> None:
    if not code.strip() or not name.strip():
        raise Invalid(N_("địa điểm kinh doanh cần mã và tên"), "place")
    P = m.einvoice_places
    conn.execute(sa.delete(P).where(P.c.seller_tax_code == tax_code, P.c.code == code.strip()))
    conn.execute(sa.insert(P).values(seller_tax_code=tax_code, code=code.strip(), name=name.strip(),
                                     address=address.strip(), location_code=location_code))
    next_rev(conn)


def set_symbol(conn, tax_code: str, device_code: str, symbol: str, since: str = "") -> None:
    """Kiosk `device_code`'s symbol for the seller, and the Vietnam day (ISO, or '') from which it
    owes invoices: a setup reaching the kiosk later invoices the sales made since (docs/einvoice.md)."""
    symbol = symbol.strip().upper()
    if since:
        try:
            since = dt.date.fromisoformat(since).isoformat()
        except ValueError:
            raise Invalid(N_("ngày bắt đầu lập hóa đơn phải là ngày/tháng/năm"), "since") from None
    if not SYMBOL.match(symbol):
        raise Invalid(N_("ký hiệu {symbol} không đúng dạng C + 2 số năm + M + 2 ký tự (ví dụ C26MBL)"), "symbol",
                      symbol=symbol)
    Y = m.einvoice_symbols
    taken = conn.execute(sa.select(Y.c.device_code).where(Y.c.seller_tax_code == tax_code, Y.c.symbol == symbol,
                                                          Y.c.device_code != device_code)).scalar()
    if taken:
        raise Invalid(N_("ký hiệu {symbol} đã là của máy bán {device} (mỗi máy bán một ký hiệu)"), "symbol",
                      symbol=symbol, device=taken)
    conn.execute(sa.delete(Y).where(Y.c.seller_tax_code == tax_code, Y.c.device_code == device_code))
    conn.execute(sa.insert(Y).values(seller_tax_code=tax_code, device_code=device_code, symbol=symbol, since=since))
    next_rev(conn)


def set_delegation(conn, producer_id: str, tax_code: str, since: str = "", note: str = "") -> None:
    """Producer `producer_id` invoices under seller `tax_code` (which names its delegate)."""
    D = m.einvoice_delegations
    conn.execute(sa.delete(D).where(D.c.producer_id == producer_id))
    conn.execute(sa.insert(D).values(producer_id=producer_id, seller_tax_code=tax_code, since=since, note=note))
    next_rev(conn)


def seller_for_sending(conn, tax_code: str, key: str) -> Seller | str:
    """The seller's provider settings with its password unsealed, or why it cannot be sent for."""
    r = conn.execute(sa.select(S).where(S.c.tax_code == tax_code)).first()
    if r is None:
        return f"seller {tax_code} has no e-invoice settings at the centre"
    if not r.enabled:
        return f"seller {tax_code}: e-invoices are switched off in its settings"
    if r.provider not in REGISTRY:
        return f"seller {tax_code} has no e-invoice provider chosen"
    try:
        password = secrets.unseal(key, r.secret)
    except secrets.NoKey as exc:
        return f"seller {tax_code}: {exc}"
    return Seller(r.tax_code, r.name, r.address, r.template, r.provider, r.provider_url,
                  json.loads(r.provider_options or "{}"), r.username, password, r.lookup_url)
