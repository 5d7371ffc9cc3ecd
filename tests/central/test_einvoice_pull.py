"""What a kiosk pulls for e-invoices (central/catalog/pull.py "einvoice" and "buyers"), on SQLite and
PostgreSQL: its own symbol per seller, the business location at its place, the operator and a
producer that delegated invoicing to it with both parties, buyer profiles by revision; and the
settings' checks (tax-code check digit, symbol shape, one symbol per kiosk, credentials sealed)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from central import accounts
from central import models as m
from central.catalog.pull import changes_since, current_rev
from central.einvoice import secrets, settings
from einvoice_rig import KEY, OPERATOR, PASSWORD, central, push, register_seller

PRODUCER = "1900123408"


@pytest.fixture
def engine(database_url):
    eng = central(database_url)
    with eng.begin() as conn:
        accounts.create_device(conn, "HN02", "HN-BOOTH")
    yield eng
    eng.dispose()


def _setup(engine):
    register_seller(engine, "viettel", "http://127.0.0.1:9")
    with engine.begin() as conn:
        settings.save_seller(conn, {"tax_code": PRODUCER, "name": "Hộ kinh doanh Muối Đông Hải",
                                    "address": "Ấp Diêm Điền, Bạc Liêu", "template": "2", "authority_prefix": "XY34Z",
                                    "delegate_tax_code": OPERATOR, "delegation_ref": "TB 01/2026 ngày 2026-07-01"},
                             KEY, "admin")
        settings.set_symbol(conn, PRODUCER, "HN01", "C26MHD")
        settings.set_delegation(conn, "prod-muoi", PRODUCER, "2026-07-01")
        settings.set_place(conn, OPERATOR, "BL01", "Gian hàng Hà Nội", "12 Tràng Tiền", "HN-BOOTH")
        settings.set_place(conn, OPERATOR, "BL09", "Quầy hội chợ", "Giảng Võ", "FAIR")


def test_a_kiosk_pulls_its_own_symbols_places_and_delegations(engine):
    _setup(engine)
    with engine.connect() as conn:
        one = changes_since(conn, "HN-BOOTH", 0, device_code="HN01")["einvoice"]
        two = changes_since(conn, "HN-BOOTH", 0, device_code="HN02")["einvoice"]
    assert one["enabled"] is True
    by_tax = {s["tax_code"]: s for s in one["sellers"]}
    op, prod = by_tax[OPERATOR], by_tax[PRODUCER]
    assert op["is_operator"] and op["symbol"] == "C26MBL" and op["authority_prefix"] == "AB12C"
    assert (op["place_code"], op["place_name"]) == ("BL01", "Gian hàng Hà Nội") and op["delegate"] is None
    assert prod["producer_ids"] == ["prod-muoi"] and prod["template"] == "2" and prod["symbol"] == "C26MHD"
    assert prod["delegate"] == {"tax_code": OPERATOR, "name": "Công ty TNHH Đặc sản OCOP Việt",
                                "address": "12 Tràng Tiền, Hoàn Kiếm, Hà Nội"}
    assert "username" not in op and "secret" not in op and "provider" not in op  # credentials stay at the centre
    assert two == {"enabled": False, "sellers": []}  # HN02 has no symbol yet: it issues none


def test_credentials_are_sealed_at_rest_and_open_only_with_the_key(engine):
    _setup(engine)
    with engine.connect() as conn:
        sealed = conn.execute(sa.select(m.einvoice_sellers.c.secret).where(
            m.einvoice_sellers.c.tax_code == OPERATOR)).scalar()
        assert PASSWORD not in sealed and secrets.unseal(KEY, sealed) == PASSWORD
        assert settings.seller_for_sending(conn, OPERATOR, KEY).password == PASSWORD
        why = settings.seller_for_sending(conn, OPERATOR, secrets.new_key())
        assert isinstance(why, str) and "key changed" in why
        assert "not set" in settings.seller_for_sending(conn, OPERATOR, "")


@pytest.mark.parametrize("field, value, words", [
    ("tax_code", "0100109107", "số kiểm tra"), ("template", "3", "mẫu số"),
    ("authority_prefix", "AB1", "authority_prefix"), ("provider", "vnpt", "nhà cung cấp"), ("name", " ", "tên")])
def test_bad_seller_settings_are_refused_and_change_nothing(engine, field, value, words):
    data = {"tax_code": OPERATOR, "name": "Công ty", "provider": "viettel", field: value}
    with engine.begin() as conn:
        with pytest.raises(settings.Invalid, match=words) as err:
            settings.save_seller(conn, data, KEY, "admin")
        assert err.value.field == field
        assert conn.execute(sa.select(sa.func.count()).select_from(m.einvoice_sellers)).scalar() == 0


def test_a_symbol_is_checked_and_belongs_to_one_kiosk(engine):
    _setup(engine)
    with engine.begin() as conn:
        with pytest.raises(settings.Invalid, match="C26MBL"):
            settings.set_symbol(conn, OPERATOR, "HN02", "C26MBL")
        with pytest.raises(settings.Invalid, match="2 số năm"):
            settings.set_symbol(conn, OPERATOR, "HN02", "K26MBL")


def test_buyer_profiles_are_pulled_by_revision(engine):
    buyer = {"buyer": {"id": "b1", "tax_code": OPERATOR, "company": "Công ty TNHH Hoa Sen",
                       "updated_at": "2026-11-17T03:00:00+00:00"}}
    with engine.connect() as conn:
        start = current_rev(conn)
    push(engine, [buyer], etype="buyer.saved")
    with engine.connect() as conn:
        got = changes_since(conn, "HN-BOOTH", start, device_code="HN02")
        again = changes_since(conn, "HN-BOOTH", int(got["cursor"]), device_code="HN02")
    assert [b["company"] for b in got["buyers"]] == ["Công ty TNHH Hoa Sen"] and "rev" not in got["buyers"][0]
    assert again["buyers"] == []
