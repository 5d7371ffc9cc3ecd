"""The central database, as SQLAlchemy Core tables: every central table, in one metadata (the
migrations build them; tests/central/test_models_match_migrations.py checks that the two agree).

Why this shape: the event log (`events`) is the source of truth and the exactly-once guard
(UNIQUE event_id); the business tables (sales, lines, payments, shifts, stock ...) are written in
the same transaction from each event, keep the kiosk's column names, and add `device_code` and
`location_code` so the central office's reports can group by kiosk and place without
joins through the log. Catalog tables carry `rev`, a server-wide monotonic revision, which is the
change cursor kiosks pull by. No foreign keys between business tables: events from one kiosk may
refer to staff or products the centre has not seen yet, and a report must still show the sale.

larger on purpose: one declarative metadata for every central table (the migrations test compares it whole)
"""
from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# Autoincrement keys: BIGINT on PostgreSQL, INTEGER PRIMARY KEY (rowid) on SQLite.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Money = sa.BigInteger  # đồng; sums of a year of sales overflow 32 bits


def _text(name: str, nullable: bool = False, default: str | None = "", **kw) -> sa.Column:
    if nullable:
        return sa.Column(name, sa.Text, nullable=True, **kw)
    return sa.Column(name, sa.Text, nullable=False, server_default=default if default is not None else None, **kw)


def _int(name: str, nullable: bool = False, default: int | None = 0, big: bool = False) -> sa.Column:
    typ = Money if big else sa.Integer
    if nullable:
        return sa.Column(name, typ, nullable=True)
    return sa.Column(name, typ, nullable=False, server_default=str(default) if default is not None else None)


# -- places, devices, people ------------------------------------------------------------------
locations = sa.Table(
    "locations", metadata,
    sa.Column("code", sa.String(32), primary_key=True),
    _text("name"),
    _text("kind", default="tourist_site"),
    _text("created_at"),
)

devices = sa.Table(
    "devices", metadata,
    sa.Column("code", sa.String(12), primary_key=True),
    sa.Column("location_code", sa.String(32), sa.ForeignKey("locations.code"), nullable=False),
    _text("kind", default="kiosk"),
    _text("name"),
    sa.Column("token_hash", sa.String(64), nullable=True, unique=True),
    sa.Column("enroll_hash", sa.String(64), nullable=True),
    _text("enroll_expires_at", nullable=True),
    _text("public_key", nullable=True),          # Ed25519, hex: verifies offline bundles
    _text("created_at"),
    _text("enrolled_at", nullable=True),
    _text("revoked_at", nullable=True),
    _text("last_seen_at", nullable=True),
    # exactly-once bookkeeping: every seq <= contiguous_seq is stored and applied
    _int("contiguous_seq", big=True),
    _int("max_seq", big=True),
    # the catalog cursor the kiosk last said it holds (0027): where a fair bundle for it starts
    sa.Column("pull_cursor", sa.BigInteger, nullable=True),
)

users = sa.Table(
    "users", metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    _text("full_name"),
    _text("password_hash"),
    _text("role", default="viewer"),  # admin | manager | accountant | viewer | producer
    _int("active", default=1),
    _text("created_at"),
    _text("lang", default="vi"),  # the office pages' language (central/office/i18n.py: vi | en)
    sa.Column("producer_id", sa.String(36), nullable=True),  # role producer: the one producer it sees (0021)
)

user_tokens = sa.Table(
    "user_tokens", metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("user_id", BigId, sa.ForeignKey("users.id"), nullable=False),
    _text("created_at"),
    _text("expires_at"),
    _text("revoked_at", nullable=True),
)

# -- the event log ----------------------------------------------------------------------------
events = sa.Table(
    "events", metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(36), nullable=False),
    sa.Column("device_code", sa.String(12), nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("type", sa.String(40), nullable=False),
    sa.Column("business_day", sa.String(10), nullable=False),
    _text("created_at"),
    _text("received_at"),
    _text("source", default="push"),  # push | bundle | resend
    _text("payload"),                 # JSON as sent
    _text("result"),                  # JSON returned to a duplicate
    sa.UniqueConstraint("event_id", name="uq_events_event_id"),
    sa.UniqueConstraint("device_code", "seq", name="uq_events_device_seq"),
    sa.Index("ix_events_device_day", "device_code", "business_day"),
)

# -- business tables (kiosk column names + device/location) -----------------------------------
def _where(*extra):
    return [
        sa.Column("device_code", sa.String(12), nullable=False),
        sa.Column("location_code", sa.String(32), nullable=False),
        *extra,
    ]


shifts = sa.Table(
    "shifts", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    *_where(),
    _int("number"),
    _text("opened_at"),
    _text("opened_by"),
    _int("opening_float", big=True),
    _text("closed_at", nullable=True),
    _text("closed_by", nullable=True),
    _int("expected_cash", nullable=True, big=True),
    _int("counted_cash", nullable=True, big=True),
    _text("counted_detail", nullable=True),
    _text("status", default="open"),
    _text("report", nullable=True),  # the Z report as the kiosk printed it (JSON)
    sa.Index("ix_shifts_device", "device_code", "opened_at"),
)

cash_moves = sa.Table(
    "cash_moves", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    *_where(),
    _text("shift_id"),
    _text("direction"),
    _int("amount", big=True),
    _text("reason"),
    _text("staff_id"),
    _text("at"),
)

sales = sa.Table(
    "sales", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    *_where(),
    _text("receipt_no"),
    _text("kind", default="sale"),
    _text("status", default="completed"),
    _text("shift_id"),
    _text("staff_id"),
    _text("created_at"),
    sa.Column("business_day", sa.String(10), nullable=False),
    _text("lang", default="vi"),
    _int("subtotal", big=True),
    _int("line_discount_total", big=True),
    _int("order_discount", big=True),
    _text("order_discount_reason"),
    _int("total", big=True),
    _int("vat_total", big=True),
    _int("paid_total", big=True),
    _int("change_due", big=True),
    _text("approved_by", nullable=True),
    _text("original_sale_id", nullable=True),
    _text("reason"),
    _text("voided_at", nullable=True),
    _text("voided_by", nullable=True),
    _text("void_reason", nullable=True),
    sa.Column("event_id", sa.String(36), nullable=False),
    sa.UniqueConstraint("device_code", "receipt_no", name="uq_sales_device_receipt"),
    sa.Index("ix_sales_day", "business_day", "location_code"),
    sa.Index("ix_sales_device_day", "device_code", "business_day"),
)

sale_lines = sa.Table(
    "sale_lines", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("sale_id", sa.String(36), nullable=False, index=True),
    *_where(),
    sa.Column("business_day", sa.String(10), nullable=False),
    _int("line_no"),
    sa.Column("product_id", sa.String(36), nullable=False, index=True),
    sa.Column("producer_id", sa.String(36), nullable=False, index=True),
    _text("sku"),
    _text("barcode"),
    _text("name_vi"),
    _text("name_en"),
    _text("unit"),
    _int("sold_by_weight"),
    _int("qty", big=True),
    _int("unit_price", big=True),
    _int("gross", big=True),
    _int("line_discount", big=True),
    _text("line_discount_reason"),
    _int("order_discount_share", big=True),
    _int("net", big=True),
    _int("vat_rate"),
    _int("vat_amount", big=True),
    _int("ocop_stars", nullable=True),
    _text("original_line_id", nullable=True),
    _text("lot_id", nullable=True),
    _text("lot_no"),
    _text("use_by", nullable=True),
    _int("promo_discount", big=True),  # the promotions' part of line_discount (0026)
    sa.Index("ix_sale_lines_day", "business_day", "location_code"),
    sa.Index("ix_sale_lines_lot", "product_id", "lot_no"),
    sa.Index("ix_sale_lines_producer_id_day", "producer_id", "business_day"),  # the producer portal
)

payments = sa.Table(
    "payments", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("sale_id", sa.String(36), nullable=False, index=True),
    *_where(),
    sa.Column("business_day", sa.String(10), nullable=False),
    _text("method"),
    _int("amount", big=True),
    _int("tendered", big=True),
    _int("change_given", big=True),
    _text("reference"),
    _text("qr_payload"),
    sa.Index("ix_payments_day", "business_day", "location_code"),
)

stock_moves = sa.Table(
    "stock_moves", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    *_where(),
    sa.Column("product_id", sa.String(36), nullable=False),
    _int("qty", big=True),
    _text("kind"),
    _text("ref_type"),
    _text("ref_id"),
    _text("reason"),
    _text("staff_id", nullable=True),
    _text("at"),
    _text("lot_id", nullable=True),
    sa.Index("ix_stock_moves_loc_product", "location_code", "product_id"),
    sa.Index("ix_stock_moves_product_id_loc", "product_id", "location_code", "qty"),  # the portal: covering
)

deliveries = sa.Table(
    "deliveries", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    *_where(),
    _text("producer_id"),
    _text("note_no"),
    _text("received_at"),
    _text("staff_id"),
    _text("note"),
    _text("announcement_id"),  # the producer's announcement this delivery answered ('' none; 0021)
    sa.Index("ix_deliveries_announcement_id", "announcement_id"),
)

delivery_lines = sa.Table(
    "delivery_lines", metadata,
    sa.Column("delivery_id", sa.String(36), primary_key=True),
    sa.Column("product_id", sa.String(36), primary_key=True),
    *_where(),
    _int("qty", big=True),
    _text("expires", nullable=True),
)

# The lots each delivery brought, per kiosk (lot_id is the kiosk's own id for the lot): with
# sale_lines.lot_no they answer "which receipts sold lot X of product Y, per kiosk".
delivery_lots = sa.Table(
    "delivery_lots", metadata,
    sa.Column("delivery_id", sa.String(36), primary_key=True),
    sa.Column("lot_id", sa.String(36), primary_key=True),
    *_where(),
    sa.Column("product_id", sa.String(36), nullable=False),
    _text("lot_no"),
    _text("produced_on", nullable=True),
    _text("use_by", nullable=True),
    _int("qty", big=True),
    sa.Index("ix_delivery_lots_product_lot", "product_id", "lot_no"),
)

# A kiosk's return of goods to their producer (migration 0018, issue 15 item 1): the note's
# header; its lines are the stock_moves of kind return_to_producer with ref_id = this id.
producer_returns = sa.Table(
    "producer_returns", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    *_where(),
    _text("return_no"),
    _text("producer_id"),
    _text("reason"),
    _text("note"),
    _text("staff_id"),
    _text("returned_at"),
    sa.Index("ix_producer_returns_producer", "producer_id", "returned_at"),
)

# Transfers between points of sale (migration 0018): one row per side, both under the transfer's id;
# (id, direction) is unique, so a second kiosk taking in the same note is refused (and flagged).
stock_transfers = sa.Table(
    "stock_transfers", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("direction", sa.String(3), primary_key=True),
    *_where(),
    _text("transfer_no"),
    _text("from_device"),
    _text("to_location"),
    _text("reason"),
    _text("staff_id"),
    _text("at"),
)

transfer_lines = sa.Table(
    "transfer_lines", metadata,
    sa.Column("transfer_id", sa.String(36), nullable=False),
    *_where(),
    sa.Column("product_id", sa.String(36), nullable=False),
    _text("lot_id", nullable=True),
    _text("lot_no"),
    _text("produced_on", nullable=True),
    _text("use_by", nullable=True),
    _int("qty", big=True),
    sa.Index("ix_transfer_lines_transfer", "transfer_id"),
)

stock_counts = sa.Table(
    "stock_counts", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    *_where(),
    _text("started_at"),
    _text("started_by"),
    _text("status", default="approved"),
    _text("approved_at", nullable=True),
    _text("approved_by", nullable=True),
    _text("note"),
)

stock_count_lines = sa.Table(
    "stock_count_lines", metadata,
    sa.Column("count_id", sa.String(36), primary_key=True),
    sa.Column("product_id", sa.String(36), primary_key=True),
    *_where(),
    _int("counted", big=True),
    _int("expected", nullable=True, big=True),
    _text("counted_at"),
)

local_products = sa.Table(
    "local_products", metadata,
    sa.Column("device_code", sa.String(12), primary_key=True),
    sa.Column("product_id", sa.String(36), primary_key=True),
    sa.Column("location_code", sa.String(32), nullable=False),
    _text("product"),   # JSON row as the kiosk has it
    _text("barcodes"),  # JSON list
    _text("updated_at"),
)

reconciliations = sa.Table(
    "reconciliations", metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("device_code", sa.String(12), nullable=False),
    sa.Column("business_day", sa.String(10), nullable=False),
    _text("at"),
    _text("status"),        # match | mismatch
    _text("kiosk"),         # JSON figures
    _text("server"),        # JSON figures
    sa.Index("ix_reconciliations_device_day", "device_code", "business_day"),
)

# -- catalog (server -> kiosks), versioned by rev ---------------------------------------------
counters = sa.Table(
    "counters", metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
)

producers = sa.Table(
    "producers", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("code", sa.String(32), nullable=False, unique=True),
    _text("name"),
    _text("kind", default="household"),
    _text("tax_code"), _text("province"), _text("district"), _text("address"),
    _text("commune"),  # xã/phường, shown on the public pages and in the open data
    _text("contact_name"), _text("phone"), _text("email"),
    _int("commission_bp"),
    _int("active", default=1),
    _text("updated_at"),
    sa.Column("rev", sa.BigInteger, nullable=False, index=True),
)

categories = sa.Table(
    "categories", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    _text("name_vi"), _text("name_en"),
    _int("sort"),
    _text("updated_at"),
    sa.Column("rev", sa.BigInteger, nullable=False, index=True),
)

products = sa.Table(
    "products", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("sku", sa.String(64), nullable=False, unique=True),
    _text("name_vi"), _text("name_en"),
    _text("category_id", nullable=True),
    sa.Column("producer_id", sa.String(36), nullable=False, index=True),
    _text("unit", default="cái"),
    _int("sold_by_weight"),
    _int("price", big=True),
    _int("vat_rate", default=8),
    _int("ocop_stars", nullable=True),
    _text("ocop_cert_no"),
    _text("ocop_cert_issued", nullable=True),
    _text("ocop_cert_expires", nullable=True),
    _text("origin"), _text("trace_url"),
    _int("low_stock", big=True),
    _int("active", default=1),
    _text("barcodes", default="[]"),  # JSON list of codes
    _text("updated_at"),
    sa.Column("rev", sa.BigInteger, nullable=False, index=True),
)

location_prices = sa.Table(
    "location_prices", metadata,
    sa.Column("location_code", sa.String(32), primary_key=True),
    sa.Column("product_id", sa.String(36), primary_key=True),
    _int("price", big=True),
    _text("updated_at"),
    sa.Column("rev", sa.BigInteger, nullable=False, index=True),
)

staff = sa.Table(
    "staff", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("code", sa.String(32), nullable=False, unique=True),
    _text("name"),
    _text("role", default="clerk"),
    _text("pin_salt"),  # hex
    _text("pin_hash"),  # hex
    _int("active", default=1),
    _text("location_code", nullable=True),  # NULL: works at every location
    _text("updated_at"),
    sa.Column("rev", sa.BigInteger, nullable=False, index=True),
)

settings = sa.Table(
    "settings", metadata,
    sa.Column("location_code", sa.String(32), primary_key=True),  # '' = every location
    sa.Column("key", sa.String(64), primary_key=True),
    _text("value"),  # JSON
    sa.Column("rev", sa.BigInteger, nullable=False, index=True),
)

# -- the office's catalog work (migration 0002): scheduled price changes, spreadsheet imports ----
price_changes = sa.Table(
    "price_changes", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("batch_id", sa.String(36), nullable=False, index=True),
    sa.Column("product_id", sa.String(36), nullable=False),
    sa.Column("location_code", sa.String(32), nullable=False, server_default=""),  # '' = the base price
    sa.Column("old_price", sa.BigInteger, nullable=True),
    sa.Column("price", sa.BigInteger, nullable=False),
    sa.Column("effective_day", sa.String(10), nullable=False),
    sa.Column("status", sa.String(12), nullable=False, server_default="pending"),  # pending|applied|cancelled
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("created_by", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", sa.Text, nullable=False, server_default=""),
    sa.Column("applied_at", sa.Text, nullable=True),
    sa.Column("applied_rev", sa.BigInteger, nullable=True),
    sa.Column("rev", sa.BigInteger, nullable=True, index=True),  # 0023: kiosks pull it by this (pos/prices.py)
    sa.Index("ix_price_changes_due", "status", "effective_day"),
)

# -- a fair's price lists (migration 0023; central/catalog/price_lists.py): per-product prices for some
# days (optional daily hours, Vietnam time) at some locations, applied by each kiosk over its regular price
price_lists = sa.Table(
    "price_lists", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    _text("name"),
    sa.Column("start_day", sa.String(10), nullable=False),
    sa.Column("end_day", sa.String(10), nullable=False),
    _text("from_time"), _text("to_time"),  # 'HH:MM' each day; '' = all day
    _text("status", default="active"),  # active | ended
    _text("note"), _text("created_by"), _text("created_at"), _text("updated_by"), _text("updated_at"),
    _text("ended_by"), _text("ended_at"),
    sa.Column("rev", sa.BigInteger, nullable=False, index=True),
    sa.CheckConstraint("status IN ('active', 'ended')", name="status_known"),
)

price_list_items = sa.Table(
    "price_list_items", metadata,
    sa.Column("list_id", sa.String(36), primary_key=True),
    sa.Column("product_id", sa.String(36), primary_key=True),
    sa.Column("price", Money, nullable=False),
    sa.CheckConstraint("price >= 0", name="price_not_negative"),
)

price_list_locations = sa.Table(
    "price_list_locations", metadata,
    sa.Column("list_id", sa.String(36), primary_key=True),
    sa.Column("location_code", sa.String(32), primary_key=True),
)

catalog_imports = sa.Table(
    "catalog_imports", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("filename", sa.Text, nullable=False, server_default=""),
    sa.Column("rows", sa.Text, nullable=False),      # JSON: the parsed rows as previewed
    sa.Column("preview", sa.Text, nullable=False),   # JSON: per-row action and errors
    sa.Column("error_rows", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_by", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", sa.Text, nullable=False, server_default=""),
    sa.Column("applied_at", sa.Text, nullable=True),
    sa.Column("applied_rev", sa.BigInteger, nullable=True),
)

# -- commission-rate history (migration 0004; central/catalog/commission.py) -------------------
commission_rates = sa.Table(
    "commission_rates", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("producer_id", sa.String(36), nullable=False),
    sa.Column("commission_bp", sa.Integer, nullable=False),
    sa.Column("effective_from", sa.String(10), nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("created_by", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", sa.Text, nullable=False, server_default=""),
    sa.Index("ix_commission_rates_producer", "producer_id", "effective_from"),
)

# -- VAT rates that change on a date (migration 0009; central/catalog/vat.py) ----------------
# One row per scheduled rate: for one product or for every product of a category, from a Vietnam
# day. Rows are never deleted (a cancelled one keeps its row, status 'cancelled', so kiosks that
# pulled it learn of the cancellation); `rev` is the catalog revision kiosks pull it by.
vat_changes = sa.Table(
    "vat_changes", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("product_id", sa.String(36), nullable=True),
    sa.Column("category_id", sa.String(36), nullable=True),
    sa.Column("vat_rate", sa.Integer, nullable=False),
    sa.Column("effective_day", sa.String(10), nullable=False),
    sa.Column("status", sa.String(12), nullable=False, server_default="scheduled"),  # scheduled|cancelled
    _text("note"),
    _text("created_by"),
    _text("created_at"),
    _text("cancelled_by"),
    sa.Column("cancelled_at", sa.Text, nullable=True),
    sa.Column("rev", sa.BigInteger, nullable=False, index=True),
    sa.Index("ix_vat_changes_target", "product_id", "category_id", "effective_day"),
)

# -- product content for kiosks, the public pages and open data (migration 0011) -------------
# What a customer asks about a product beyond its price: descriptions, net quantity, ingredients,
# shelf life, storage, in Vietnamese and English. One row per product that has any; `rev` is the
# catalog revision kiosks pull it by (bumped too when a picture is added or removed).
product_content = sa.Table(
    "product_content", metadata,
    sa.Column("product_id", sa.String(36), primary_key=True),
    _text("description_vi"), _text("description_en"),
    _text("ingredients_vi"), _text("ingredients_en"),
    _text("storage_vi"), _text("storage_en"),
    _int("net_qty", nullable=True),          # in grams or millilitres (`net_unit`)
    _text("net_unit", default="g"),          # g | ml
    _int("shelf_life_days", nullable=True),
    _text("updated_at"),
    _text("updated_by"),
    sa.Column("rev", sa.BigInteger, nullable=False, index=True),
)

# Lots recalled at the centre (central/catalog/recalls.py): pulled by every kiosk (key lot_recalls),
# which then refuses the lot; the receipts that sold it are found by sale_lines (product_id, lot_no).
lot_recalls = sa.Table(
    "lot_recalls", metadata,
    sa.Column("product_id", sa.String(36), primary_key=True),
    sa.Column("lot_no", sa.String(20), primary_key=True),
    _text("reason"),
    _text("recalled_by"),
    _text("recalled_at"),
    _text("lifted_at", nullable=True),  # set when the office lifts the recall: the lot sells again
    _text("lifted_by"),
    _text("lift_reason"),
    sa.Column("rev", sa.BigInteger, nullable=False, index=True),
)

# A recall and its lift, kept when the same lot is recalled again (the current one is in lot_recalls).
lot_recall_history = sa.Table(
    "lot_recall_history", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("product_id", sa.String(36), nullable=False),
    sa.Column("lot_no", sa.String(20), nullable=False),
    _text("reason"), _text("recalled_by"), _text("recalled_at"),
    _text("lifted_at"), _text("lifted_by"), _text("lift_reason"),
    sa.Index("ix_lot_recall_history_lot", "product_id", "lot_no"),
)

# Pictures and the OCOP certificate document, stored by content hash (central/catalog/media.py):
# `sha256` names the file served at /media/<sha256>.<ext>, `thumb_sha256` its thumbnail.
product_media = sa.Table(
    "product_media", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("product_id", sa.String(36), nullable=False, index=True),
    sa.Column("kind", sa.String(12), nullable=False),  # photo | certificate
    sa.Column("sha256", sa.String(64), nullable=False),
    _text("ext", default="jpg"),                        # jpg | pdf
    sa.Column("thumb_sha256", sa.String(64), nullable=True),
    _int("width"), _int("height"),
    _int("bytes", big=True),
    _int("sort"),
    _text("created_at"),
    _text("created_by"),
)

# The centre's own Ed25519 keys (0027, central/signing.py): "fair" signs the bundles and
# acknowledgements kiosks read from a USB stick without a network.
signing_keys = sa.Table(
    "signing_keys", metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("private_key", sa.Text, nullable=False),
    sa.Column("public_key", sa.Text, nullable=False),
    _text("created_at"),
)

# -- which server process does a job every process could run (migration 0005; central/lease.py) -
server_leases = sa.Table(
    "server_leases", metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("holder", sa.Text, nullable=False, server_default=""),
    sa.Column("expires_at", sa.Float, nullable=False, server_default="0"),
)

# Sign-in and enrollment throttling (central/throttle.py): one row per throttled key
# ("login-addr:203.0.113.7", "login-user:alice", "enroll-addr:...", "enroll-device:HN01"), shared by
# every server process; times are epoch seconds.
auth_throttle = sa.Table(
    "auth_throttle", metadata,
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("window_start", sa.Float, nullable=False, server_default="0"),
    sa.Column("locked_until", sa.Float, nullable=False, server_default="0"),
    sa.Column("lockouts", sa.Integer, nullable=False, server_default="0"),
)

# One row per refused sign-in or enrollment attempt (wrong secret, or refused while locked).
auth_refusals = sa.Table(
    "auth_refusals", metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("at", sa.Text, nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("address", sa.String(64), nullable=False),
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("reason", sa.String(16), nullable=False),
    sa.Column("retry_after", sa.Integer, nullable=False, server_default="0"),
    sa.Index("ix_auth_refusals_at", "at"),
)

# Pushed events the server stored but does not take at the kiosk's word: a sale whose totals, VAT or
# payments disagree with its lines ("arithmetic": stored, summed by its lines, flagged), or an
# event whose record id another device already used ("conflict": stored, not applied, 409).
event_flags = sa.Table(
    "event_flags", metadata,
    sa.Column("event_id", sa.String(36), primary_key=True),
    sa.Column("device_code", sa.String(12), nullable=False),
    _text("location_code"),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("business_day", sa.String(10), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    _text("record_id"),
    _text("detail"),
    _text("flagged_at"),
    sa.Index("ix_event_flags_day", "business_day"),
    sa.Index("ix_event_flags_device", "device_code"),
)

# What an administrator did to a device's sync bookkeeping (e.g. clearing stray pending seqs): who,
# when, and what was removed.
admin_actions = sa.Table(
    "admin_actions", metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    _text("at"),
    _text("actor"),
    sa.Column("action", sa.String(40), nullable=False),
    _text("target"),
    _text("detail"),
)

# -- e-invoices (migration 0010; central/einvoice/) ------------------------------------------------
# `invoices` / `invoice_lines` keep the kiosk's columns (sync/protocol.py InvoiceRow, InvoiceLineRow):
# the invoice is a snapshot of what the kiosk printed, never rebuilt here. Numbers are gapless per
# (seller, template, symbol, year); each kiosk has its own symbol, so a repeated number is a conflict.
invoices = sa.Table(
    "invoices", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("sale_id", sa.String(36), nullable=False),
    _text("kind", default="original"),
    _text("related_invoice_id", nullable=True),
    _text("template", default="1"),
    _text("symbol"),
    _int("year"),
    _int("number", big=True),
    _text("authority_code"),
    _text("issued_at"),
    _text("business_day"),
    _text("seller_tax_code"),
    _text("seller_name"),
    _text("seller_address"),
    _text("place_code"),
    _text("place_name"),
    _text("place_address"),
    _text("delegate_tax_code"),
    _text("delegate_name"),
    _text("delegate_address"),
    _text("buyer_name"),
    _text("buyer_company"),
    _text("buyer_address"),
    _text("buyer_tax_code"),
    _text("buyer_id_no"),
    _text("buyer_email"),
    _text("buyer_phone"),
    _int("pre_vat_total", big=True),
    _int("vat_total", big=True),
    _int("discount_total", big=True),
    _int("total", big=True),
    _text("total_words"),
    _text("lookup_url"),
    _text("lookup_code"),
    sa.Column("device_code", sa.String(12), nullable=False),
    _text("location_code"),
    sa.UniqueConstraint("seller_tax_code", "template", "symbol", "year", "number", name="uq_invoices_number"),
    sa.Index("ix_invoices_sale", "sale_id"),
    sa.Index("ix_invoices_day", "business_day", "device_code"),
    sa.Index("ix_invoices_seller_day", "seller_tax_code", "business_day"),
)

invoice_lines = sa.Table(
    "invoice_lines", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("invoice_id", sa.String(36), nullable=False),
    _int("line_no"),
    _text("sale_line_id", nullable=True),
    _text("product_id"),
    _text("name"),
    _text("unit"),
    _int("qty", big=True),
    _int("by_weight"),
    _int("unit_price", big=True),
    _int("discount", big=True),
    _int("amount", big=True),
    _int("vat_rate"),
    _int("pre_vat", big=True),
    _int("vat_amount", big=True),
    sa.Column("device_code", sa.String(12), nullable=False),
    _text("location_code"),
    sa.Index("ix_invoice_lines_invoice", "invoice_id"),
)

# Buyer profiles (sync/protocol.py BuyerRow): kiosks send them (buyer.saved), the latest updated_at
# wins; `rev` is the catalog revision they were stored under, so kiosks pull them with the catalog.
buyers = sa.Table(
    "buyers", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    _text("tax_code"),
    _text("id_no"),
    _text("name"),
    _text("company"),
    _text("address"),
    _text("email"),
    _text("phone"),
    _text("updated_at"),
    _text("device_code"),
    sa.Column("rev", sa.BigInteger, nullable=False, server_default="0"),
    sa.Index("ix_buyers_rev", "rev"),
    sa.Index("ix_buyers_tax_code", "tax_code"),
)

# Delivery of each invoice to its seller's provider (central/einvoice/sender.py): one row per
# invoice, made with it. state: issued (held: its sums disagree, see event_flags), queued, sent (a
# request went out, its answer not yet known: the next try looks it up first), accepted, refused.
# next_attempt_at is epoch seconds; transaction_id is OUR id for the invoice at the provider.
invoice_deliveries = sa.Table(
    "invoice_deliveries", metadata,
    sa.Column("invoice_id", sa.String(36), primary_key=True),
    _text("seller_tax_code"),
    sa.Column("state", sa.String(12), nullable=False, server_default="queued"),
    _int("attempts"),
    sa.Column("next_attempt_at", sa.Float, nullable=False, server_default="0"),
    _text("provider"),
    _text("transaction_id"),
    _text("provider_invoice_no"),
    _text("provider_ref"),
    _text("last_error"),
    _text("last_reply"),
    _text("queued_at"),
    _text("sent_at"),
    _text("accepted_at"),
    _text("updated_at"),
    sa.Index("ix_invoice_deliveries_due", "state", "next_attempt_at"),
)

# Every provider reply, as received (truncated), for the accountant and for disputes.
invoice_replies = sa.Table(
    "invoice_replies", metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("invoice_id", sa.String(36), nullable=False),
    _text("at"),
    _text("provider"),
    sa.Column("action", sa.String(16), nullable=False),
    _int("http_status"),
    sa.Column("outcome", sa.String(16), nullable=False),
    _text("body"),
    sa.Index("ix_invoice_replies_invoice", "invoice_id"),
)

# Per-seller settings: the booth operator and each producer that invoices (itself, or through the
# operator by delegation). `secret` is the provider password as a Fernet token (central/einvoice/
# secrets.py); its key lives in the server's environment, never in this database.
einvoice_sellers = sa.Table(
    "einvoice_sellers", metadata,
    sa.Column("tax_code", sa.String(14), primary_key=True),
    _text("name"),
    _text("address"),
    _text("template", default="1"),
    _text("authority_prefix"),
    _text("provider"),
    _text("provider_url"),
    _text("provider_options"),  # JSON, not secret: what the provider's module asks (its docstring)
    _text("username"),
    _text("secret"),
    _text("lookup_url"),
    _int("is_operator"),
    _text("delegate_tax_code"),
    _text("delegation_ref"),
    _int("enabled", default=1),
    _text("updated_at"),
    _text("updated_by"),
)

einvoice_places = sa.Table(
    "einvoice_places", metadata,
    sa.Column("seller_tax_code", sa.String(14), primary_key=True),
    sa.Column("code", sa.String(32), primary_key=True),
    _text("name"),
    _text("address"),
    _text("location_code"),
)

einvoice_symbols = sa.Table(
    "einvoice_symbols", metadata,
    sa.Column("seller_tax_code", sa.String(14), primary_key=True),
    sa.Column("device_code", sa.String(12), primary_key=True),
    sa.Column("symbol", sa.String(6), nullable=False),
    _text("since"),  # Vietnam day from which this kiosk owes invoices ('' = from when the setup reaches it); 0017
    sa.UniqueConstraint("seller_tax_code", "symbol", name="uq_einvoice_symbols_symbol"),
)

# A producer that delegated invoicing (ủy nhiệm) to the booth operator: its goods are invoiced
# under its own seller entry (`seller_tax_code`), issued by that entry's delegate.
einvoice_delegations = sa.Table(
    "einvoice_delegations", metadata,
    sa.Column("producer_id", sa.String(36), primary_key=True),
    sa.Column("seller_tax_code", sa.String(14), nullable=False),
    _text("since"),
    _text("note"),
)

# Form 04/SS-HĐĐT notices of erroneous invoices the office made (central/einvoice/notices.py): the
# header as the form has it, the XML produced, who made it; one item per invoice it names.
invoice_notices = sa.Table(
    "invoice_notices", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("seller_tax_code", sa.String(14), nullable=False),
    _text("seller_name"),
    _text("kind", default="1"),  # Loai: 1 the taxpayer's own notice, 2 answering the tax office's
    _text("authority_notice_no"),
    _text("authority_notice_day"),
    _text("tax_office_code"),
    _text("tax_office_name"),
    _text("place"),
    _text("notice_day"),
    _text("created_at"),
    _text("created_by"),
    _text("xml"),
    sa.Index("ix_invoice_notices_seller", "seller_tax_code", "notice_day"),
)

invoice_notice_items = sa.Table(
    "invoice_notice_items", metadata,
    sa.Column("notice_id", sa.String(36), primary_key=True),
    sa.Column("line_no", sa.Integer, primary_key=True),
    sa.Column("invoice_id", sa.String(36), nullable=False),
    _text("error_kind"),
    _text("action"),  # cancel | adjust | replace | explain (the form's TCTBao 1-4)
    _text("reason"),
    sa.Index("ix_invoice_notice_items_invoice", "invoice_id"),
)

# Findings of the nightly e-invoice check (central/einvoice/check.py) an administrator marked
# handled with a reason (central/einvoice/marks.py, migration 0017); never deleted.
einvoice_check_marks = sa.Table(
    "einvoice_check_marks", metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("sale_id", sa.String(36), nullable=False),
    sa.Column("invoice_id", sa.String(36), nullable=False, server_default=""),
    _text("day"),
    _text("device_code"),
    _text("receipt_no"),
    sa.Column("sale_total", Money, nullable=False, server_default="0"),
    sa.Column("invoice_total", Money, nullable=False, server_default="0"),
    _text("reason"),
    _text("created_by"),
    _text("created_at"),
    sa.UniqueConstraint("kind", "sale_id", "invoice_id", name="uq_einvoice_check_marks_finding"),
    sa.Index("ix_einvoice_check_marks_day", "day"),
)

# Tables an event writes, for reports and tests.
BUSINESS_TABLES = (sales, sale_lines, payments, shifts, cash_moves, stock_moves, deliveries,
                   delivery_lines, delivery_lots, stock_counts, stock_count_lines, local_products, producer_returns,
                   stock_transfers, transfer_lines)

# -- settlement periods and payouts (migration 0015; central/figures/settlement_close.py, payouts.py) --
# A closed statement is frozen: its figures and its whole body (JSON: products, locations, stock,
# adjustments, as printed) are written once and never recomputed. Periods of a producer follow each
# other without gaps: the next one starts the day after the last one ends, so UNIQUE(producer,
# start) lets exactly one of two concurrent closes of the same period win.
settlement_statements = sa.Table(
    "settlement_statements", metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("producer_id", sa.String(36), nullable=False),
    sa.Column("period_start", sa.String(10), nullable=False),
    sa.Column("period_end", sa.String(10), nullable=False),
    _text("closed_at"),
    _text("closed_by"),
    _int("gross", big=True), _int("refunds", big=True), _int("net", big=True), _int("vat", big=True),
    _int("commission", big=True), _int("payable", big=True),
    _int("adjustment_net", big=True), _int("adjustment_commission", big=True),
    _int("adjustment_payable", big=True),
    _int("due", big=True),  # payable + adjustment_payable: what this statement adds to what is owed
    _text("body"),
    sa.UniqueConstraint("producer_id", "period_start", name="uq_settlement_statements_start"),
    sa.CheckConstraint("period_end >= period_start", name="period_order"),
    sa.Index("ix_settlement_statements_producer_end", "producer_id", "period_end"),
)

# What a statement carried forward for an earlier closed period (late syncs, refunds dated in it).
settlement_adjustments = sa.Table(
    "settlement_adjustments", metadata,
    sa.Column("statement_id", BigId, sa.ForeignKey("settlement_statements.id"), primary_key=True),
    sa.Column("for_start", sa.String(10), primary_key=True),
    sa.Column("producer_id", sa.String(36), nullable=False),
    sa.Column("for_end", sa.String(10), nullable=False),
    _int("gross", big=True), _int("refunds", big=True), _int("net", big=True), _int("vat", big=True),
    _int("commission", big=True), _int("payable", big=True),
    sa.Index("ix_settlement_adjustments_producer", "producer_id", "for_start"),
)

# What the lines dated before a producer's first closed period said when that period closed: the
# frozen "before" of its settlement history, so a kiosk that syncs weeks-old sales after the first
# close has them carried to the next statement like late lines of a closed period (settlement_close.py).
settlement_baselines = sa.Table(
    "settlement_baselines", metadata,
    sa.Column("producer_id", sa.String(36), primary_key=True),
    sa.Column("statement_id", BigId, sa.ForeignKey("settlement_statements.id"), nullable=False),
    sa.Column("upto", sa.String(10), nullable=False),  # the last day covered: the first period's start - 1
    _int("gross", big=True), _int("refunds", big=True), _int("net", big=True), _int("vat", big=True),
    _int("commission", big=True), _int("payable", big=True),
)

settlement_payouts = sa.Table(
    "settlement_payouts", metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("producer_id", sa.String(36), nullable=False, index=True),
    sa.Column("paid_on", sa.String(10), nullable=False),
    sa.Column("amount", Money, nullable=False),
    sa.Column("method", sa.String(20), nullable=False),  # cash | bank_transfer
    _text("reference"),
    _int("advance"),  # 1: knowingly paid beyond what was owed
    _text("note"),
    _text("recorded_by"),
    _text("recorded_at"),
    sa.CheckConstraint("amount > 0", name="amount_positive"),
    sa.CheckConstraint("method IN ('cash', 'bank_transfer')", name="method_known"),
)

# -- the producer portal (migration 0021; central/portal/) -------------------------------------
# A delivery a producer announced for one location; the kiosk there receives it by scanning
# against it and its stock.received event names it (deliveries.announcement_id). Received or not
# is read from deliveries, never stored here; the producer may cancel only while nothing answered it.
delivery_announcements = sa.Table(
    "delivery_announcements", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("producer_id", sa.String(36), nullable=False),
    sa.Column("location_code", sa.String(32), nullable=False),
    _text("note_no"), _text("planned_on"), _text("note"),
    _text("status", default="announced"),  # announced | cancelled
    _text("created_at"), _text("created_by"),
    _text("cancelled_at"),
    sa.CheckConstraint("status IN ('announced', 'cancelled')", name="status_known"),
    sa.Index("ix_delivery_announcements_producer_id", "producer_id"),
    sa.Index("ix_delivery_announcements_location_code", "location_code", "status"),
)

delivery_announcement_lines = sa.Table(
    "delivery_announcement_lines", metadata,
    sa.Column("announcement_id", sa.String(36), primary_key=True),
    sa.Column("line_no", sa.Integer, primary_key=True),
    sa.Column("product_id", sa.String(36), nullable=False),
    _text("lot_no"),
    _text("produced_on", nullable=True),
    _text("use_by", nullable=True),
    _int("qty", big=True),
    sa.CheckConstraint("qty > 0", name="qty_positive"),
)

# -- replenishment and marketplace listings (migration 0022; central/figures/replenish.py, central/marketplaces/) --
# What moving a product needs beyond the catalog: the producer's pack (a suggested order rounds up to
# it) and the parcel a marketplace ships (gross grams, sides in cm). NULL: not known.
product_logistics = sa.Table(
    "product_logistics", metadata,
    sa.Column("product_id", sa.String(36), primary_key=True),
    sa.Column("pack_size", sa.Integer, nullable=True),
    sa.Column("parcel_weight_g", sa.Integer, nullable=True),
    sa.Column("length_cm", sa.Integer, nullable=True),
    sa.Column("width_cm", sa.Integer, nullable=True),
    sa.Column("height_cm", sa.Integer, nullable=True),
    _text("updated_at"),
    _text("updated_by"),
    sa.CheckConstraint("pack_size IS NULL OR pack_size > 0", name="pack_positive"),
)

# Which category of a marketplace (its own id, as its upload sheet wants it) one of ours goes to.
marketplace_categories = sa.Table(
    "marketplace_categories", metadata,
    sa.Column("marketplace", sa.String(16), primary_key=True),
    sa.Column("category_id", sa.String(36), primary_key=True),
    _text("code"),
    _text("updated_at"),
    _text("updated_by"),
)

# -- gift sets (migration 0024; central/catalog/sets.py, central/figures/set_shares.py) --
# A set is an ordinary product with components. product_sets carries the catalog revision kiosks
# pull a set by (a set emptied of its components keeps its row, so kiosks learn it too).
product_sets = sa.Table(
    "product_sets", metadata,
    sa.Column("set_id", sa.String(36), primary_key=True),
    _text("updated_at"),
    _text("updated_by"),
    sa.Column("rev", sa.BigInteger, nullable=False, index=True),
)

set_components = sa.Table(
    "set_components", metadata,
    sa.Column("set_id", sa.String(36), primary_key=True),
    sa.Column("component_id", sa.String(36), primary_key=True),
    sa.Column("qty", sa.Integer, nullable=False),
    _int("sort"),
    sa.CheckConstraint("qty > 0", name="qty_positive"),
)

# What each component of a sold set gave and got (sync.protocol.SetComponentRow), per lot: the
# settlement credits its producer with `net` instead of the set line's producer.
sale_line_components = sa.Table(
    "sale_line_components", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("sale_id", sa.String(36), nullable=False, index=True),
    sa.Column("sale_line_id", sa.String(36), nullable=False, index=True),
    sa.Column("product_id", sa.String(36), nullable=False),
    sa.Column("producer_id", sa.String(36), nullable=False),
    _int("n"),
    _text("name_vi"),
    _text("name_en"),
    _text("unit"),
    _int("per_set"),
    _int("qty", big=True),
    _int("regular_price", big=True),
    _int("net", big=True),
    _int("vat_rate"),
    _int("vat_amount", big=True),
    _text("source", default="counter"),
    _text("lot_id", nullable=True),
    _text("lot_no"),
    _text("use_by", nullable=True),
    _text("original_id", nullable=True),
    sa.Column("business_day", sa.String(10), nullable=False),
    *_where(),
    sa.Index("ix_sale_line_components_day", "business_day", "location_code"),
)

BUSINESS_TABLES = BUSINESS_TABLES + (sale_line_components,)

# -- vouchers (migration 0025; central/vouchers/, docs/vouchers.md) -----------------------------------
# A voucher the centre issued: its code (grouped, with its check character, pos/voucher_codes.py),
# single-use or `uses` uses, an amount in đồng or a percentage (with an optional cap), the last
# Vietnam day it is valid, and the locations it is valid at (",HN01,DN02," or "" for every location).
vouchers = sa.Table(
    "vouchers", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("code", sa.String(24), nullable=False, unique=True),
    _text("batch_no"),
    _text("name"),
    sa.Column("kind", sa.String(8), nullable=False),
    _int("value", big=True),
    _int("cap", big=True),
    _int("uses", default=1),
    sa.Column("expires_on", sa.String(10), nullable=False),
    _text("locations"),
    _text("status", default="active"),  # active | voided
    _text("created_at"), _text("created_by"),
    _text("voided_at"), _text("voided_by"),
    # 0028: the catalog revision of its last change; kiosks pull the vouchers changed since their cursor
    sa.Column("rev", sa.BigInteger, nullable=False, server_default="0"),
    sa.CheckConstraint("kind IN ('amount', 'percent')", name="kind_known"),
    sa.CheckConstraint("value > 0 AND cap >= 0 AND uses > 0", name="figures_positive"),
    sa.CheckConstraint("kind = 'amount' OR value <= 100", name="percent_at_most_100"),
    sa.CheckConstraint("status IN ('active', 'voided')", name="status_known"),
    sa.Index("ix_vouchers_batch_no", "batch_no"),
    sa.Index("ix_vouchers_rev", "rev"),
    sa.Index("ix_vouchers_expires_on", "status", "expires_on"),
)

# The uses of a voucher a kiosk may spend offline (chosen at issue: the vouchers sold at one booth).
voucher_allotments = sa.Table(
    "voucher_allotments", metadata,
    sa.Column("voucher_id", sa.String(36), primary_key=True),
    sa.Column("device_code", sa.String(12), primary_key=True),
    _int("uses", default=1),
    sa.CheckConstraint("uses > 0", name="uses_positive"),
    sa.Index("ix_voucher_allotments_device_code", "device_code"),
)

# Every use: reserved online by a kiosk (POST /vouchers/{code}/redeem), then redeemed by the sale
# event that spent it, or redeemed offline against an allotment and told by the sale event; a refund
# or void restores it. `double_use` = 1 when it was recorded while the voucher's uses were already spent.
voucher_redemptions = sa.Table(
    "voucher_redemptions", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("voucher_code", sa.String(24), nullable=False),
    _text("sale_id", nullable=True),
    _text("payment_id", nullable=True),
    _int("amount", big=True),
    _int("online"),
    _text("at"),
    _text("business_day"),
    sa.Column("voucher_id", sa.String(36), nullable=False),
    sa.Column("device_code", sa.String(12), nullable=False),
    _text("location_code"),
    _text("status", default="redeemed"),  # reserved | redeemed | released
    _text("reserved_at"),
    _text("restored_by"),
    _text("restored_at"),
    _int("double_use"),
    _text("recorded_at"),
    sa.CheckConstraint("status IN ('reserved', 'redeemed', 'released')", name="status_known"),
    sa.Index("ix_voucher_redemptions_voucher_id", "voucher_id", "status"),
    sa.Index("ix_voucher_redemptions_day", "business_day", "location_code"),
)

# -- promotions (migration 0026) -----------------------------------------------------------------
# Defined at the centre (central/catalog/promotions.py, /office/promotions), evaluated by each
# kiosk offline (pos/promotions.py: the fields are that module's Promotion). `locations`: location
# codes separated by commas, '' for every location; `carrier`: who carries the discount in
# settlement (booth | producer). Ended, never deleted: sales name them.
promotions = sa.Table(
    "promotions", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),
    _text("name_vi"), _text("name_en"),
    _text("target", default="all"), _text("target_id"),
    _int("percent"), _int("amount", big=True), _int("buy_qty"), _int("get_qty"), _text("get_product_id"),
    _int("min_total", big=True), _text("gift_product_id"), _int("gift_qty"),
    _text("start_day"), _text("end_day"), _text("weekdays", default="1234567"),
    _int("start_minute"), _int("end_minute", default=1440),
    _text("locations"),
    _text("carrier", default="booth"),
    _text("status", default="active"),  # active | ended
    _text("created_by"), _text("created_at"), _text("updated_by"), _text("updated_at"),
    _text("ended_by"), _text("ended_at", nullable=True),
    sa.Column("rev", sa.BigInteger, nullable=False, index=True),
)

# Each promotion's use on a sale line, as the kiosk sent it (sync.protocol.SalePromotionRow), or a
# promotion the clerk removed from the sale (level 'removed', line_id NULL, removed_by).
sale_promotions = sa.Table(
    "sale_promotions", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("sale_id", sa.String(36), nullable=False, index=True),
    sa.Column("promotion_id", sa.String(36), nullable=False, index=True),
    _text("line_id", nullable=True),
    _int("amount", big=True),
    _text("level", default="line"),
    _text("carrier", default="booth"),
    _text("text_vi"),
    _text("removed_by", nullable=True),
    sa.Column("business_day", sa.String(10), nullable=False),
    *_where(),
)
