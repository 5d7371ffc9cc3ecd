"""The kiosk database schema, as sqlite-utils migrations.

Why raw DDL: CHECK constraints, partial indexes, FTS5 options and the append-only trigger on the
stock ledger say things about the data that table.create() cannot, and they are the schema's
real documentation. New changes go in new migration functions at the bottom; never edit one that
has shipped.

larger on purpose (m001_initial): the declarative initial schema, one DDL script read top to bottom
larger on purpose (m009_einvoice): the e-invoice tables' DDL, one script with their constraints read together
larger on purpose: the migrations are declarative DDL kept in the order they shipped, never edited
"""
from __future__ import annotations

import sqlite3

import sqlite_utils

APPLICATION_ID = 0x4F434F50  # "OCOP": tells our files from any other SQLite file
SCHEMA_VERSION = 24  # PRAGMA user_version written after migrations; a newer file is refused

migrations = sqlite_utils.Migrations("ocop_pos")


def run_script(db: sqlite_utils.Database, sql: str) -> None:
    """Run DDL statement by statement inside the migration's transaction.

    sqlite3's executescript() would COMMIT first and break the migration's atomicity.
    """
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            db.conn.execute(buf)
            buf = ""
    if buf.strip():
        raise ValueError(f"incomplete SQL statement: {buf[:80]!r}")


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    run_script(
        db,
        """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL               -- JSON
);

CREATE TABLE categories (
    id TEXT PRIMARY KEY,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    sort INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);

CREATE TABLE producers (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('household','cooperative','coop_group','enterprise')),
    tax_code TEXT NOT NULL DEFAULT '',
    province TEXT NOT NULL DEFAULT '',
    district TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    contact_name TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    commission_bp INTEGER NOT NULL DEFAULT 0 CHECK (commission_bp BETWEEN 0 AND 10000),
    active INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);

CREATE TABLE products (
    id TEXT PRIMARY KEY,
    sku TEXT NOT NULL UNIQUE,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    name_folded TEXT NOT NULL,
    category_id TEXT REFERENCES categories(id),
    producer_id TEXT NOT NULL REFERENCES producers(id),
    unit TEXT NOT NULL DEFAULT 'cái',
    sold_by_weight INTEGER NOT NULL DEFAULT 0 CHECK (sold_by_weight IN (0,1)),
    price INTEGER NOT NULL CHECK (price >= 0),          -- VND, VAT included; per kg when sold_by_weight
    vat_rate INTEGER NOT NULL CHECK (vat_rate IN (0,5,8,10)),
    ocop_stars INTEGER CHECK (ocop_stars IN (3,4,5)),
    ocop_cert_no TEXT NOT NULL DEFAULT '',
    ocop_cert_issued TEXT,                              -- YYYY-MM-DD
    ocop_cert_expires TEXT,                             -- YYYY-MM-DD, 36 months after issue
    origin TEXT NOT NULL DEFAULT '',
    trace_url TEXT NOT NULL DEFAULT '',
    low_stock INTEGER NOT NULL DEFAULT 0,               -- units, or grams when sold_by_weight
    local INTEGER NOT NULL DEFAULT 0,                   -- created on this kiosk, not by the centre
    active INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);
CREATE INDEX products_producer ON products(producer_id);
CREATE INDEX products_category ON products(category_id);

CREATE TABLE barcodes (
    code TEXT PRIMARY KEY,
    product_id TEXT NOT NULL REFERENCES products(id),
    kind TEXT NOT NULL CHECK (kind IN ('ean13','ean8','upca','instore','other'))
) WITHOUT ROWID;
CREATE INDEX barcodes_product ON barcodes(product_id);

-- body: folded names and SKU; producer: folded producer name (ranked lower).
-- Search text is folded by pos.text.fold (tones removed, đ->d, lower case) before it gets here,
-- because unicode61's remove_diacritics does not fold đ.
CREATE VIRTUAL TABLE product_search USING fts5(
    product_id UNINDEXED, body, producer, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
);

CREATE TABLE staff (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('clerk','manager','admin')),
    pin_salt BLOB NOT NULL,
    pin_hash BLOB NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);

CREATE TABLE shifts (
    id TEXT PRIMARY KEY,
    device_code TEXT NOT NULL,
    number INTEGER NOT NULL,
    opened_at TEXT NOT NULL,
    opened_by TEXT NOT NULL REFERENCES staff(id),
    opening_float INTEGER NOT NULL CHECK (opening_float >= 0),
    closed_at TEXT,
    closed_by TEXT REFERENCES staff(id),
    expected_cash INTEGER,
    counted_cash INTEGER,
    counted_detail TEXT,                                -- JSON {denomination: count}
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
    UNIQUE (device_code, number)
);
CREATE UNIQUE INDEX one_open_shift ON shifts(device_code) WHERE status = 'open';

CREATE TABLE cash_moves (
    id TEXT PRIMARY KEY,
    shift_id TEXT NOT NULL REFERENCES shifts(id),
    direction TEXT NOT NULL CHECK (direction IN ('in','out')),
    amount INTEGER NOT NULL CHECK (amount > 0),
    reason TEXT NOT NULL,
    staff_id TEXT NOT NULL REFERENCES staff(id),
    at TEXT NOT NULL
);

-- One row per device: the last receipt number used. Bumped in the same transaction as the sale
-- it numbers, so numbers are gapless and a crash can neither skip nor repeat one.
CREATE TABLE receipt_counters (
    device_code TEXT PRIMARY KEY,
    last_no INTEGER NOT NULL
);

CREATE TABLE sales (
    id TEXT PRIMARY KEY,
    receipt_no TEXT NOT NULL UNIQUE,
    device_code TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('sale','refund')),
    status TEXT NOT NULL DEFAULT 'completed' CHECK (status IN ('completed','voided')),
    shift_id TEXT NOT NULL REFERENCES shifts(id),
    staff_id TEXT NOT NULL REFERENCES staff(id),
    created_at TEXT NOT NULL,                           -- UTC ISO-8601
    business_day TEXT NOT NULL,                         -- Vietnam date YYYY-MM-DD
    lang TEXT NOT NULL DEFAULT 'vi',
    subtotal INTEGER NOT NULL,                          -- after line discounts, before order discount
    line_discount_total INTEGER NOT NULL DEFAULT 0,
    order_discount INTEGER NOT NULL DEFAULT 0,
    order_discount_reason TEXT NOT NULL DEFAULT '',
    total INTEGER NOT NULL,                             -- what the customer pays (refund: gives back)
    vat_total INTEGER NOT NULL,
    paid_total INTEGER NOT NULL,
    change_due INTEGER NOT NULL DEFAULT 0,
    approved_by TEXT REFERENCES staff(id),              -- manager who approved a discount/refund
    original_sale_id TEXT REFERENCES sales(id),         -- refunds only
    reason TEXT NOT NULL DEFAULT '',                    -- refund reason
    voided_at TEXT,
    voided_by TEXT REFERENCES staff(id),
    void_reason TEXT
);
CREATE INDEX sales_day ON sales(business_day);
CREATE INDEX sales_shift ON sales(shift_id);
CREATE INDEX sales_original ON sales(original_sale_id);

CREATE TABLE sale_lines (
    id TEXT PRIMARY KEY,
    sale_id TEXT NOT NULL REFERENCES sales(id),
    line_no INTEGER NOT NULL,
    product_id TEXT NOT NULL REFERENCES products(id),
    producer_id TEXT NOT NULL,
    sku TEXT NOT NULL,
    barcode TEXT NOT NULL DEFAULT '',
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL,
    sold_by_weight INTEGER NOT NULL DEFAULT 0,
    qty INTEGER NOT NULL CHECK (qty > 0),               -- units, or grams when sold_by_weight
    unit_price INTEGER NOT NULL,                        -- per unit, or per kg
    gross INTEGER NOT NULL,                             -- qty x price, before any discount
    line_discount INTEGER NOT NULL DEFAULT 0,
    line_discount_reason TEXT NOT NULL DEFAULT '',
    order_discount_share INTEGER NOT NULL DEFAULT 0,
    net INTEGER NOT NULL,                               -- gross - line_discount - order share
    vat_rate INTEGER NOT NULL,
    vat_amount INTEGER NOT NULL,                        -- VAT part of net
    ocop_stars INTEGER,
    original_line_id TEXT REFERENCES sale_lines(id),    -- refunds only
    UNIQUE (sale_id, line_no)
);
CREATE INDEX sale_lines_product ON sale_lines(product_id);
CREATE INDEX sale_lines_original ON sale_lines(original_line_id);

CREATE TABLE payments (
    id TEXT PRIMARY KEY,
    sale_id TEXT NOT NULL REFERENCES sales(id),
    method TEXT NOT NULL CHECK (method IN ('cash','vietqr','card')),
    amount INTEGER NOT NULL CHECK (amount > 0),         -- applied to the sale
    tendered INTEGER NOT NULL,                          -- cash handed over (= amount otherwise)
    change_given INTEGER NOT NULL DEFAULT 0,
    reference TEXT NOT NULL DEFAULT '',                 -- card terminal ref / bank transfer ref
    qr_payload TEXT NOT NULL DEFAULT ''
);
CREATE INDEX payments_sale ON payments(sale_id);

-- The stock ledger. Append-only: on-hand is derived from it (and cached in stock_on_hand by
-- trigger, in the same transaction), never edited in place.
CREATE TABLE stock_moves (
    id TEXT PRIMARY KEY,
    product_id TEXT NOT NULL REFERENCES products(id),
    qty INTEGER NOT NULL CHECK (qty <> 0),              -- signed: + in, - out; units or grams
    kind TEXT NOT NULL CHECK (kind IN ('receive','sale','refund','void','count_adjust',
                                       'transfer_out','transfer_in','damaged','expired')),
    ref_type TEXT NOT NULL DEFAULT '',
    ref_id TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    staff_id TEXT,
    device_code TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX stock_moves_product ON stock_moves(product_id);
CREATE TABLE stock_on_hand (
    product_id TEXT PRIMARY KEY REFERENCES products(id),
    qty INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER stock_moves_cache AFTER INSERT ON stock_moves BEGIN
    INSERT INTO stock_on_hand(product_id, qty) VALUES (NEW.product_id, NEW.qty)
    ON CONFLICT(product_id) DO UPDATE SET qty = qty + excluded.qty;
END;
CREATE TRIGGER stock_moves_no_update BEFORE UPDATE ON stock_moves BEGIN
    SELECT RAISE(ABORT, 'stock_moves is append-only');
END;
CREATE TRIGGER stock_moves_no_delete BEFORE DELETE ON stock_moves BEGIN
    SELECT RAISE(ABORT, 'stock_moves is append-only');
END;

CREATE TABLE deliveries (
    id TEXT PRIMARY KEY,
    producer_id TEXT NOT NULL REFERENCES producers(id),
    note_no TEXT NOT NULL DEFAULT '',                   -- the producer's delivery note number
    received_at TEXT NOT NULL,
    staff_id TEXT NOT NULL REFERENCES staff(id),
    note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE delivery_lines (
    delivery_id TEXT NOT NULL REFERENCES deliveries(id),
    product_id TEXT NOT NULL REFERENCES products(id),
    qty INTEGER NOT NULL CHECK (qty > 0),
    expires TEXT,
    PRIMARY KEY (delivery_id, product_id)
);

CREATE TABLE stock_counts (
    id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    started_by TEXT NOT NULL REFERENCES staff(id),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','approved','cancelled')),
    approved_at TEXT,
    approved_by TEXT REFERENCES staff(id),
    note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE stock_count_lines (
    count_id TEXT NOT NULL REFERENCES stock_counts(id),
    product_id TEXT NOT NULL REFERENCES products(id),
    counted INTEGER NOT NULL CHECK (counted >= 0),
    expected INTEGER,                                   -- filled when approved
    counted_at TEXT NOT NULL,
    PRIMARY KEY (count_id, product_id)
);

CREATE TABLE held_sales (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL DEFAULT '',
    staff_id TEXT NOT NULL REFERENCES staff(id),
    created_at TEXT NOT NULL,
    cart TEXT NOT NULL                                  -- JSON, Cart.to_dict()
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    staff_id TEXT,
    approved_by TEXT,
    ref_type TEXT NOT NULL DEFAULT '',
    ref_id TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '{}'
);

-- Events for the central server, written in the same transaction as what they describe.
-- seq is this device's gapless event sequence number (AUTOINCREMENT never reuses a value).
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    created_at TEXT NOT NULL,
    business_day TEXT NOT NULL,
    payload TEXT NOT NULL,                              -- JSON
    acked_at TEXT
);
CREATE INDEX outbox_unacked ON outbox(seq) WHERE acked_at IS NULL;

-- Print jobs are stored with the sale and sent later by the device thread (printers/queue.py).
CREATE TABLE print_jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,                                 -- receipt, reprint, refund, void, x_report, z_report, label
    ref_id TEXT NOT NULL DEFAULT '',                    -- sale id, shift id ...
    payload TEXT NOT NULL,                              -- JSON document for the renderer
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','printing','done','failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX print_jobs_pending ON print_jobs(created_at) WHERE status IN ('pending','printing');
"""
    )


@migrations()
def m002_name_prefix_index(db: sqlite_utils.Database) -> None:
    """Search-as-you-type shows names starting with what was typed first: an index range scan."""
    db.conn.execute("CREATE INDEX products_name_folded ON products(name_folded)")


@migrations()
def m003_print_job_states(db: sqlite_utils.Database) -> None:
    """Print jobs say only what the printer confirmed (see pos/print_jobs.py): 'done' splits into
    printed / unconfirmed / sent, `outcome` names what happened for the clerk's list, and the
    clerk's decision on a job that needs one (reprinted or dismissed) is kept beside it.

    Old 'done' rows: an empty note meant the printer answered OK (printed); "not confirmed:
    connection cannot read" was a device file (sent); any other note was silence (unconfirmed).
    Old unconfirmed and failed rows are 'archived': they predate the clerk's list, and putting
    months of history in front of the clerk on the first start would hide today's real problems."""
    run_script(
        db,
        """
CREATE TABLE print_jobs_new (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,                                 -- receipt, reprint, refund, void, x_report, z_report, label
    ref_id TEXT NOT NULL DEFAULT '',                    -- sale id, shift id ...
    payload TEXT NOT NULL,                              -- JSON document for the renderer
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending','printing','printed','unconfirmed','sent','failed')),
    outcome TEXT NOT NULL DEFAULT '',                   -- why unconfirmed/failed: a code the UI translates
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',                -- the technical detail (logs, tooltip)
    resolution TEXT NOT NULL DEFAULT ''
        CHECK (resolution IN ('','reprinted','dismissed','archived')),
    resolved_by TEXT,                                   -- staff id of the clerk who decided
    resolved_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
INSERT INTO print_jobs_new(id, kind, ref_id, payload, status, outcome, attempts, last_error, resolution,
                           resolved_at, created_at, updated_at)
SELECT id, kind, ref_id, payload,
       CASE WHEN status != 'done' THEN status
            WHEN last_error = '' THEN 'printed'
            WHEN last_error LIKE 'not confirmed: connection cannot read%' THEN 'sent'
            ELSE 'unconfirmed' END,
       CASE WHEN status = 'done' AND last_error != '' AND last_error NOT LIKE 'not confirmed: connection cannot read%'
            THEN 'no_answer'
            WHEN status = 'failed' THEN CASE WHEN last_error LIKE 'cannot render%' THEN 'render' ELSE 'gave_up' END
            ELSE '' END,
       attempts, last_error,
       CASE WHEN status = 'failed' OR (status = 'done' AND last_error != ''
                                       AND last_error NOT LIKE 'not confirmed: connection cannot read%')
            THEN 'archived' ELSE '' END,
       CASE WHEN status = 'failed' OR (status = 'done' AND last_error != ''
                                       AND last_error NOT LIKE 'not confirmed: connection cannot read%')
            THEN updated_at END,
       created_at, updated_at
FROM print_jobs;
DROP TABLE print_jobs;
ALTER TABLE print_jobs_new RENAME TO print_jobs;
CREATE INDEX print_jobs_pending ON print_jobs(created_at) WHERE status IN ('pending','printing');
CREATE INDEX print_jobs_attention ON print_jobs(created_at)
    WHERE status IN ('unconfirmed','failed') AND resolution = '';
"""
    )


def refold_catalog(conn: sqlite3.Connection) -> int:
    """Fold every stored product name and search row again with today's pos.text.fold; returns
    how many products changed. Only text that NFKC would change is folded again (the others fold
    as before), so a catalog of 100,000 plain Vietnamese names costs a scan, not 100,000 folds."""
    import unicodedata

    from .text import fold, search_body

    def plain(*texts) -> bool:
        return all(unicodedata.is_normalized("NFKC", t or "") for t in texts)

    changed = 0
    rows = conn.execute(
        "SELECT p.id, p.name_vi, p.name_en, p.sku, p.name_folded, pr.name FROM products p "
        "JOIN producers pr ON pr.id = p.producer_id").fetchall()
    for pid, name_vi, name_en, sku, name_folded, producer in rows:
        if plain(name_vi, name_en, sku, producer):
            continue
        was = changed
        if fold(name_vi) != name_folded:
            conn.execute("UPDATE products SET name_folded = ? WHERE id = ?", (fold(name_vi), pid))
            changed += 1
        body, folded_producer = search_body(name_vi, name_en, sku), fold(producer)
        if conn.execute("SELECT 1 FROM product_search WHERE product_id = ? AND body = ? AND producer = ?",
                        (pid, body, folded_producer)).fetchone() is None:
            conn.execute("DELETE FROM product_search WHERE product_id = ?", (pid,))
            conn.execute("INSERT INTO product_search(product_id, body, producer) VALUES (?, ?, ?)",
                         (pid, body, folded_producer))
            changed = was + 1
    return changed


@migrations()
def m004_refold_nfkc(db: sqlite_utils.Database) -> None:
    """pos.text.fold takes the NFKC form first (full-width ｍｕｏｉ, superscripts and circled digits
    fold like plain letters and digits): names folded the old way are folded again, so what is
    typed and what is stored fold alike."""
    refold_catalog(db.conn)


@migrations()
def m005_open_cart(db: sqlite_utils.Database) -> None:
    """The till's open cart, written after every change, so a closed window, a kill or a power cut
    never loses the sale on screen (pos/open_cart.py). One row: this database is one till. A sold,
    held or discarded cart leaves its id behind (status), so a save that arrives late is refused
    instead of bringing a sold cart back."""
    run_script(
        db,
        """
CREATE TABLE open_cart (
    till INTEGER PRIMARY KEY CHECK (till = 1),
    cart_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open','sold','held','discarded')),
    staff_id TEXT,                                      -- who started it (NULL: nobody logged in)
    started_at TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    cart TEXT NOT NULL,                                 -- JSON, Cart.to_dict(); '{}' once closed
    payments TEXT NOT NULL DEFAULT '[]'                 -- JSON: payment parts already taken
);
"""
    )


@migrations()
def m006_count_expected_at_count(db: sqlite_utils.Database) -> None:
    """stock_count_lines.expected now holds the on-hand at the moment the line was counted (it was
    filled at approval, which turned every sale made between counting and approving into phantom
    stock). Lines of a count still open when the kiosk is upgraded get today's on-hand: the nearest
    figure to their counting moment that still exists."""
    db.conn.execute(
        "UPDATE stock_count_lines SET expected = coalesce("
        "(SELECT qty FROM stock_on_hand h WHERE h.product_id = stock_count_lines.product_id), 0) "
        "WHERE expected IS NULL AND count_id IN (SELECT id FROM stock_counts WHERE status = 'open')")


@migrations()
def m007_payment_methods_open(db: sqlite_utils.Database) -> None:
    """payments.method loses its CHECK (method IN ('cash','vietqr','card')): the methods are listed
    once, in pos/payment_methods.py, and pos/sales.py checks each payment against that list inside
    the transaction that writes it. SQLite cannot drop a CHECK in place, so the table is rebuilt
    with every row and its index; nothing references payments, so the foreign keys stay whole."""
    run_script(
        db,
        """
CREATE TABLE payments_new (
    id TEXT PRIMARY KEY,
    sale_id TEXT NOT NULL REFERENCES sales(id),
    method TEXT NOT NULL CHECK (method <> ''),          -- a code of pos/payment_methods.py
    amount INTEGER NOT NULL CHECK (amount > 0),         -- applied to the sale
    tendered INTEGER NOT NULL,                          -- cash handed over (= amount otherwise)
    change_given INTEGER NOT NULL DEFAULT 0,
    reference TEXT NOT NULL DEFAULT '',                 -- card terminal ref / bank transfer ref
    qr_payload TEXT NOT NULL DEFAULT ''
);
INSERT INTO payments_new(id, sale_id, method, amount, tendered, change_given, reference, qr_payload)
SELECT id, sale_id, method, amount, tendered, change_given, reference, qr_payload FROM payments ORDER BY rowid;
DROP TABLE payments;
ALTER TABLE payments_new RENAME TO payments;
CREATE INDEX payments_sale ON payments(sale_id);
"""
    )


@migrations()
def m008_vat_schedule(db: sqlite_utils.Database) -> None:
    """VAT rates that change on a date (pos/vat_schedule.py): the schedule the centre plans, pulled
    with the catalog ahead of its day, so a kiosk offline since still switches at its own Vietnam
    midnight. One row per change, for one product or for a whole category (never both)."""
    run_script(
        db,
        """
CREATE TABLE vat_schedule (
    id TEXT PRIMARY KEY,
    product_id TEXT,
    category_id TEXT,
    vat_rate INTEGER NOT NULL CHECK (vat_rate IN (0, 5, 8, 10)),
    effective_day TEXT NOT NULL,                        -- Vietnam day YYYY-MM-DD, from 00:00
    note TEXT NOT NULL DEFAULT '',
    CHECK ((product_id IS NULL) <> (category_id IS NULL))
);
CREATE INDEX vat_schedule_product ON vat_schedule(product_id, effective_day);
CREATE INDEX vat_schedule_category ON vat_schedule(category_id, effective_day);
"""
    )


@migrations()
def m009_einvoice(db: sqlite_utils.Database) -> None:
    """Cash-register e-invoices (issue 13, pos/einvoice/). The sellers and the on/off switch come
    from the centre's pull ("einvoice" key) and are replaced whole on each pull; invoices and their
    lines are a snapshot of everything printed (the columns of sync.protocol.InvoiceRow and
    InvoiceLineRow), written in the sale's own transaction; the counter gives each (seller,
    template, symbol, year) its gapless numbers, bumped in that same transaction. Buyers are the
    profiles a returning company is found by (tax code or phone)."""
    run_script(
        db,
        """
CREATE TABLE einvoice_config (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    enabled INTEGER NOT NULL DEFAULT 0,
    received_at TEXT NOT NULL
);

CREATE TABLE einvoice_sellers (
    tax_code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    template TEXT NOT NULL CHECK (template IN ('1','2')),
    authority_prefix TEXT NOT NULL,                     -- XXXXX of the authority code
    symbol TEXT NOT NULL,                               -- this kiosk's symbol for this seller, C26MBL
    place_code TEXT NOT NULL DEFAULT '',
    place_name TEXT NOT NULL DEFAULT '',
    place_address TEXT NOT NULL DEFAULT '',
    lookup_url TEXT NOT NULL DEFAULT '',
    is_operator INTEGER NOT NULL DEFAULT 0,
    delegate_tax_code TEXT NOT NULL DEFAULT '',         -- the operator invoicing on this seller's behalf
    delegate_name TEXT NOT NULL DEFAULT '',
    delegate_address TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX einvoice_one_operator ON einvoice_sellers(is_operator) WHERE is_operator = 1;

CREATE TABLE einvoice_seller_producers (
    producer_id TEXT PRIMARY KEY,                       -- a producer is delegated to one seller entry
    seller_tax_code TEXT NOT NULL REFERENCES einvoice_sellers(tax_code)
);

CREATE TABLE invoice_counters (
    seller_tax_code TEXT NOT NULL,
    template TEXT NOT NULL,
    symbol TEXT NOT NULL,
    year INTEGER NOT NULL,
    last_no INTEGER NOT NULL,
    PRIMARY KEY (seller_tax_code, template, symbol, year)
);

CREATE TABLE invoices (
    id TEXT PRIMARY KEY,
    sale_id TEXT NOT NULL REFERENCES sales(id),
    kind TEXT NOT NULL DEFAULT 'original' CHECK (kind IN ('original','replacement','adjustment')),
    related_invoice_id TEXT REFERENCES invoices(id),
    template TEXT NOT NULL DEFAULT '1',
    symbol TEXT NOT NULL DEFAULT '',
    year INTEGER NOT NULL DEFAULT 0,
    number INTEGER NOT NULL DEFAULT 0,
    authority_code TEXT NOT NULL DEFAULT '',
    issued_at TEXT NOT NULL DEFAULT '',                 -- ISO 8601, +07:00
    business_day TEXT NOT NULL DEFAULT '',
    seller_tax_code TEXT NOT NULL DEFAULT '',
    seller_name TEXT NOT NULL DEFAULT '',
    seller_address TEXT NOT NULL DEFAULT '',
    place_code TEXT NOT NULL DEFAULT '',
    place_name TEXT NOT NULL DEFAULT '',
    place_address TEXT NOT NULL DEFAULT '',
    delegate_tax_code TEXT NOT NULL DEFAULT '',
    delegate_name TEXT NOT NULL DEFAULT '',
    delegate_address TEXT NOT NULL DEFAULT '',
    buyer_name TEXT NOT NULL DEFAULT '',
    buyer_company TEXT NOT NULL DEFAULT '',
    buyer_address TEXT NOT NULL DEFAULT '',
    buyer_tax_code TEXT NOT NULL DEFAULT '',
    buyer_id_no TEXT NOT NULL DEFAULT '',
    buyer_email TEXT NOT NULL DEFAULT '',
    buyer_phone TEXT NOT NULL DEFAULT '',
    pre_vat_total INTEGER NOT NULL DEFAULT 0,
    vat_total INTEGER NOT NULL DEFAULT 0,
    discount_total INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    total_words TEXT NOT NULL DEFAULT '',
    lookup_url TEXT NOT NULL DEFAULT '',
    lookup_code TEXT NOT NULL DEFAULT '',
    CHECK (total = pre_vat_total + vat_total),
    UNIQUE (seller_tax_code, template, symbol, year, number)
);
CREATE INDEX invoices_sale ON invoices(sale_id);
CREATE INDEX invoices_related ON invoices(related_invoice_id);
CREATE UNIQUE INDEX invoices_authority_code ON invoices(authority_code);

CREATE TABLE invoice_lines (
    id TEXT PRIMARY KEY,
    invoice_id TEXT NOT NULL REFERENCES invoices(id),
    line_no INTEGER NOT NULL DEFAULT 0,
    sale_line_id TEXT REFERENCES sale_lines(id),
    product_id TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '',
    qty INTEGER NOT NULL DEFAULT 0,
    by_weight INTEGER NOT NULL DEFAULT 0,
    unit_price INTEGER NOT NULL DEFAULT 0,
    discount INTEGER NOT NULL DEFAULT 0,
    amount INTEGER NOT NULL DEFAULT 0,
    vat_rate INTEGER NOT NULL DEFAULT 0,
    pre_vat INTEGER NOT NULL DEFAULT 0,
    vat_amount INTEGER NOT NULL DEFAULT 0,
    CHECK (pre_vat = amount - vat_amount),
    UNIQUE (invoice_id, line_no)
);
CREATE INDEX invoice_lines_sale_line ON invoice_lines(sale_line_id);

CREATE TABLE buyers (
    id TEXT PRIMARY KEY,
    tax_code TEXT NOT NULL DEFAULT '',
    id_no TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    company TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX buyers_tax_code ON buyers(tax_code);          -- a returning company, by tax code
CREATE INDEX buyers_phone ON buyers(phone);                -- or by phone (pos.einvoice.buyers.find)
"""
    )


@migrations()
def m010_lots(db: sqlite_utils.Database) -> None:
    """Lots (issue 14, pos/lots.py): each producer's lot received, with its dates. The lot ledger is
    the stock ledger itself: a movement of a lot carries its lot_id, and lot_on_hand is cached by
    trigger in the same transaction, as stock_on_hand is, so the two can never disagree. Stock
    without a lot (received before lots existed, or count adjustments) stays on the product only.
    A sale line names the one lot it was drawn from (a cart line that spans two lots becomes two
    sale lines, see pos/lots.py)."""
    run_script(
        db,
        """
CREATE TABLE lots (
    id TEXT PRIMARY KEY,
    product_id TEXT NOT NULL REFERENCES products(id),
    lot_no TEXT NOT NULL CHECK (lot_no <> ''),          -- the producer's lot number, GS1 AI (10)
    produced_on TEXT,                                   -- YYYY-MM-DD, GS1 AI (11)
    use_by TEXT,                                        -- YYYY-MM-DD, GS1 AI (17); sold up to this day
    qty_received INTEGER NOT NULL DEFAULT 0 CHECK (qty_received >= 0),
    delivery_id TEXT REFERENCES deliveries(id),         -- the first delivery that brought it
    received_at TEXT NOT NULL,
    CHECK (produced_on IS NULL OR use_by IS NULL OR produced_on <= use_by),
    UNIQUE (product_id, lot_no)
);
CREATE INDEX lots_use_by ON lots(use_by);

ALTER TABLE stock_moves ADD COLUMN lot_id TEXT REFERENCES lots(id);
CREATE INDEX stock_moves_lot ON stock_moves(lot_id) WHERE lot_id IS NOT NULL;
CREATE TABLE lot_on_hand (
    lot_id TEXT PRIMARY KEY REFERENCES lots(id),
    product_id TEXT NOT NULL,
    qty INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX lot_on_hand_product ON lot_on_hand(product_id);
CREATE TRIGGER stock_moves_lot_cache AFTER INSERT ON stock_moves WHEN NEW.lot_id IS NOT NULL BEGIN
    INSERT INTO lot_on_hand(lot_id, product_id, qty) VALUES (NEW.lot_id, NEW.product_id, NEW.qty)
    ON CONFLICT(lot_id) DO UPDATE SET qty = qty + excluded.qty;
END;

ALTER TABLE sale_lines ADD COLUMN lot_id TEXT REFERENCES lots(id);
ALTER TABLE sale_lines ADD COLUMN lot_no TEXT NOT NULL DEFAULT '';  -- as scanned or drawn; '' without a lot
ALTER TABLE sale_lines ADD COLUMN use_by TEXT;
"""
    )


@migrations()
def m011_product_content(db: sqlite_utils.Database) -> None:
    """Product content pulled from the centre (issue 14, pos/content.py): the texts a customer asks
    about, the OCOP certificate document, and each product's pictures in display order, by the
    SHA-256 of their bytes (the files themselves live in the picture cache, pos/picture_cache.py,
    not in the database). Numbered m011: m010 is the lots migration landing beside it."""
    run_script(
        db,
        """
CREATE TABLE product_content (
    product_id TEXT PRIMARY KEY,
    description_vi TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    ingredients_vi TEXT NOT NULL DEFAULT '',
    ingredients_en TEXT NOT NULL DEFAULT '',
    storage_vi TEXT NOT NULL DEFAULT '',
    storage_en TEXT NOT NULL DEFAULT '',
    net_qty INTEGER CHECK (net_qty IS NULL OR net_qty > 0),
    net_unit TEXT NOT NULL DEFAULT 'g' CHECK (net_unit IN ('g','ml')),
    shelf_life_days INTEGER CHECK (shelf_life_days IS NULL OR shelf_life_days > 0),
    certificate_sha256 TEXT,
    certificate_url TEXT,
    certificate_type TEXT,
    updated_at TEXT NOT NULL DEFAULT ''
);

CREATE TABLE product_photos (
    product_id TEXT NOT NULL,
    sort INTEGER NOT NULL,                              -- 0 is the main picture
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    url TEXT NOT NULL,
    thumb_sha256 TEXT CHECK (thumb_sha256 IS NULL OR length(thumb_sha256) = 64),
    thumb_url TEXT,
    width INTEGER NOT NULL DEFAULT 0,
    height INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (product_id, sort)
);
"""
    )


@migrations()
def m012_lot_recalls(db: sqlite_utils.Database) -> None:
    """Lots the centre recalled (issue 14, pos/recalls.py), pulled with the catalog: a sale never
    draws from them, a scan naming one is refused, the manager sees what is still on the shelf."""
    run_script(
        db,
        """
CREATE TABLE lot_recalls (
    product_id TEXT NOT NULL,
    lot_no TEXT NOT NULL CHECK (lot_no <> ''),
    reason TEXT NOT NULL DEFAULT '',
    recalled_at TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (product_id, lot_no)
);
"""
    )


@migrations()
def m013_einvoice_started(db: sqlite_utils.Database) -> None:
    """The moment e-invoicing started at this kiosk (pos/einvoice/catchup.py): set in the
    transaction that issued the invoices of that day's earlier sales, so it is done once. A kiosk
    that already issues invoices started with its first one."""
    run_script(
        db,
        """
ALTER TABLE einvoice_config ADD COLUMN started_at TEXT;
ALTER TABLE einvoice_config ADD COLUMN started_day TEXT;
UPDATE einvoice_config SET started_at = (SELECT min(issued_at) FROM invoices),
    started_day = (SELECT min(business_day) FROM invoices) WHERE EXISTS (SELECT 1 FROM invoices);
"""
    )


@migrations()
def m014_einvoice_since(db: sqlite_utils.Database) -> None:
    """The Vietnam day from which the centre says this kiosk must invoice (the pull's
    "einvoice"."since"): the first setup to arrive also issues the late invoices of the sales made
    since that day, when the setup took days to reach the kiosk (pos/einvoice/catchup.py)."""
    run_script(db, "ALTER TABLE einvoice_config ADD COLUMN since TEXT NOT NULL DEFAULT '';\n")


@migrations()
def m015_producer_returns(db: sqlite_utils.Database) -> None:
    """Returns to the producer (issue 15 item 1, pos/producer_returns.py): the return note's
    header (its number, the producer, the reason, the manager); transfers between kiosks per lot
    (pos/transfers.py: the note sent and taken in, one row each side, its id shared); blind counts
    per lot (stock_count_lots: the product's count line is their sum); and a new movement kind
    'return_to_producer' on the ledger, one movement per product and lot returned. SQLite cannot
    widen a CHECK in place, so stock_moves is rebuilt with every row in its order (rowid kept, the
    ledger's balance is read in that order) and its indexes and triggers; the caches stay as they
    are (the rows copied are the rows they were built from), and nothing references stock_moves."""
    run_script(
        db,
        """
CREATE TABLE producer_returns (
    id TEXT PRIMARY KEY,
    return_no TEXT NOT NULL UNIQUE,                     -- printed on the note: TH-<device>-<n>, n gapless
    producer_id TEXT NOT NULL REFERENCES producers(id),
    reason TEXT NOT NULL CHECK (reason <> ''),
    note TEXT NOT NULL DEFAULT '',
    staff_id TEXT NOT NULL REFERENCES staff(id),        -- the manager who returned the goods
    returned_at TEXT NOT NULL
);
CREATE TABLE transfers (
    id TEXT PRIMARY KEY,                                -- the same id at both kiosks: a note is taken in once
    transfer_no TEXT NOT NULL,                          -- CK-<sending device>-<n>, n gapless per sender
    direction TEXT NOT NULL CHECK (direction IN ('out','in')),
    from_device TEXT NOT NULL,
    to_location TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    staff_id TEXT NOT NULL REFERENCES staff(id),
    at TEXT NOT NULL
);
CREATE TABLE stock_count_lots (                    -- a blind count of one lot (pos.stock.record_count_lot)
    count_id TEXT NOT NULL REFERENCES stock_counts(id),
    product_id TEXT NOT NULL REFERENCES products(id),
    lot_no TEXT NOT NULL DEFAULT '',                    -- '' : the product's stock that no lot holds
    lot_id TEXT REFERENCES lots(id),
    counted INTEGER NOT NULL CHECK (counted >= 0),
    expected INTEGER NOT NULL,                          -- the lot's ledger stock when it was counted
    counted_at TEXT NOT NULL,
    PRIMARY KEY (count_id, product_id, lot_no)
);
CREATE TABLE stock_moves_new (
    id TEXT PRIMARY KEY,
    product_id TEXT NOT NULL REFERENCES products(id),
    qty INTEGER NOT NULL CHECK (qty <> 0),              -- signed: + in, - out; units or grams
    kind TEXT NOT NULL CHECK (kind IN ('receive','sale','refund','void','count_adjust',
                                       'transfer_out','transfer_in','damaged','expired','return_to_producer')),
    ref_type TEXT NOT NULL DEFAULT '',
    ref_id TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    staff_id TEXT,
    device_code TEXT NOT NULL,
    at TEXT NOT NULL,
    lot_id TEXT REFERENCES lots(id)
);
INSERT INTO stock_moves_new(rowid, id, product_id, qty, kind, ref_type, ref_id, reason, staff_id, device_code, at,
                            lot_id)
SELECT rowid, id, product_id, qty, kind, ref_type, ref_id, reason, staff_id, device_code, at, lot_id
FROM stock_moves ORDER BY rowid;
DROP TRIGGER stock_moves_no_delete;
DROP TABLE stock_moves;
ALTER TABLE stock_moves_new RENAME TO stock_moves;
CREATE INDEX stock_moves_product ON stock_moves(product_id);
CREATE INDEX stock_moves_lot ON stock_moves(lot_id) WHERE lot_id IS NOT NULL;
-- a return's or a transfer's lines (sales, deliveries and counts have their own tables: not indexed here)
CREATE INDEX stock_moves_ref ON stock_moves(ref_id) WHERE ref_type = 'producer_return' OR ref_type = 'transfer';
CREATE TRIGGER stock_moves_cache AFTER INSERT ON stock_moves BEGIN
    INSERT INTO stock_on_hand(product_id, qty) VALUES (NEW.product_id, NEW.qty)
    ON CONFLICT(product_id) DO UPDATE SET qty = qty + excluded.qty;
END;
CREATE TRIGGER stock_moves_lot_cache AFTER INSERT ON stock_moves WHEN NEW.lot_id IS NOT NULL BEGIN
    INSERT INTO lot_on_hand(lot_id, product_id, qty) VALUES (NEW.lot_id, NEW.product_id, NEW.qty)
    ON CONFLICT(lot_id) DO UPDATE SET qty = qty + excluded.qty;
END;
CREATE TRIGGER stock_moves_no_update BEFORE UPDATE ON stock_moves BEGIN
    SELECT RAISE(ABORT, 'stock_moves is append-only');
END;
CREATE TRIGGER stock_moves_no_delete BEFORE DELETE ON stock_moves BEGIN
    SELECT RAISE(ABORT, 'stock_moves is append-only');
END;
"""
    )


@migrations()
def m016_producer_commune(db: sqlite_utils.Database) -> None:
    """The producer's commune (xã/phường, issue 14), pulled from the centre and shown on the
    product card; empty until the centre sends one (its address may already name it)."""
    run_script(
        db,
        """
ALTER TABLE producers ADD COLUMN commune TEXT NOT NULL DEFAULT '';
"""
    )


@migrations()
def m017_delivery_announcements(db: sqlite_utils.Database) -> None:
    """Deliveries producers announced on the centre's portal (issue 15, pos/announcements.py),
    pulled whole for this location: the manager receives one by scanning against it, the delivery
    names it (deliveries.announcement_id, sent in stock.received), and announced against received
    is shown on both sides. Numbered m017: m014-m016 are other migrations landing beside it."""
    run_script(
        db,
        """
CREATE TABLE delivery_announcements (
    id TEXT PRIMARY KEY,
    producer_id TEXT NOT NULL,
    note_no TEXT NOT NULL DEFAULT '',
    planned_on TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'received', 'withdrawn')),
    delivery_id TEXT                                    -- the delivery that received it, once received
);
CREATE TABLE delivery_announcement_lines (
    announcement_id TEXT NOT NULL REFERENCES delivery_announcements(id) ON DELETE CASCADE,
    line_no INTEGER NOT NULL,
    product_id TEXT NOT NULL,
    lot_no TEXT NOT NULL DEFAULT '',
    produced_on TEXT,
    use_by TEXT,
    qty INTEGER NOT NULL CHECK (qty > 0),
    PRIMARY KEY (announcement_id, line_no)
);
ALTER TABLE deliveries ADD COLUMN announcement_id TEXT NOT NULL DEFAULT '';
"""
    )


@migrations()
def m018_price_schedule(db: sqlite_utils.Database) -> None:
    """Prices decided at the centre and applied by the kiosk on its own clock (issue 16,
    pos/prices.py): scheduled price changes pulled ahead of their Vietnam day, a fair's price lists
    (days, optional daily hours) for this location, and whether this location's price of a product
    is its own (a change of the chain-wide price then does not reach it, as at the centre)."""
    run_script(
        db,
        """
CREATE TABLE price_schedule (
    id TEXT PRIMARY KEY,
    product_id TEXT NOT NULL,
    price INTEGER NOT NULL CHECK (price >= 0),
    effective_day TEXT NOT NULL,
    local INTEGER NOT NULL DEFAULT 0 CHECK (local IN (0, 1)),  -- 1: this location's own price
    created_at TEXT NOT NULL DEFAULT ''
);
-- in the scan's ORDER BY (pos/prices.py PRICE_EXPR): read backwards, no sort
CREATE INDEX price_schedule_product ON price_schedule(product_id, local, effective_day, created_at, id);
CREATE TABLE price_lists (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    start_day TEXT NOT NULL,
    end_day TEXT NOT NULL,
    from_time TEXT NOT NULL DEFAULT '',  -- 'HH:MM' Vietnam time each day; '' = all day
    to_time TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT ''
);
-- the list's window is copied onto each item (written together by pos/price_pull.apply_list) so the
-- scan reads one index, without a join or a sort
CREATE TABLE price_list_items (
    list_id TEXT NOT NULL REFERENCES price_lists(id) ON DELETE CASCADE,
    product_id TEXT NOT NULL,
    price INTEGER NOT NULL CHECK (price >= 0),
    start_day TEXT NOT NULL,
    end_day TEXT NOT NULL,
    from_time TEXT NOT NULL DEFAULT '',
    to_time TEXT NOT NULL DEFAULT '',
    list_created_at TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (list_id, product_id)
);
CREATE INDEX price_list_items_product ON price_list_items(product_id, start_day, list_created_at, list_id);
ALTER TABLE products ADD COLUMN location_priced INTEGER NOT NULL DEFAULT 0;
"""
    )


@migrations()
def m019_gift_sets(db: sqlite_utils.Database) -> None:
    """Gift sets (issue 16 item 1, pos/sets.py): a set is an ordinary product row whose components
    the centre sends in the pull (set_components: a product with rows here IS a set); a sale line
    of a set lists what each component gave and got (sale_line_components: the lots drawn, its
    share of the line's money, for settlement and refunds); boxes a manager assembled ahead or took
    apart (set_assemblies) move stock with the new ledger kind 'set_assembly', so stock_moves is
    rebuilt as in m015 (rowid order kept, caches untouched)."""
    run_script(
        db,
        """
CREATE TABLE set_components (
    set_id TEXT NOT NULL,                               -- the set product (an ordinary product row)
    component_id TEXT NOT NULL,
    qty INTEGER NOT NULL CHECK (qty > 0),               -- units of the component in one set
    sort INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (set_id, component_id),
    CHECK (set_id <> component_id)
) WITHOUT ROWID;
CREATE INDEX set_components_component ON set_components(component_id);
CREATE TABLE sale_line_components (
    id TEXT PRIMARY KEY,
    sale_id TEXT NOT NULL REFERENCES sales(id),
    sale_line_id TEXT NOT NULL REFERENCES sale_lines(id),
    n INTEGER NOT NULL,                                 -- order within the line: components, then lots
    product_id TEXT NOT NULL,                           -- the component
    producer_id TEXT NOT NULL,                          -- who is credited with its share
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '',
    per_set INTEGER NOT NULL CHECK (per_set > 0),
    qty INTEGER NOT NULL CHECK (qty > 0),               -- units of the component (taken, or given back)
    regular_price INTEGER NOT NULL,                     -- its own price when sold: the split's weight
    net INTEGER NOT NULL,                               -- its share of the sale line's net
    vat_rate INTEGER NOT NULL,
    vat_amount INTEGER NOT NULL,                        -- its share of the line's VAT
    source TEXT NOT NULL CHECK (source IN ('counter','stock')),  -- drawn at the counter / a box made ahead
    lot_id TEXT REFERENCES lots(id),
    lot_no TEXT NOT NULL DEFAULT '',
    use_by TEXT,
    original_id TEXT REFERENCES sale_line_components(id),  -- refunds: the row given back
    UNIQUE (sale_line_id, n)
);
CREATE INDEX sale_line_components_line ON sale_line_components(sale_line_id);
CREATE INDEX sale_line_components_original ON sale_line_components(original_id) WHERE original_id IS NOT NULL;
CREATE TABLE set_assemblies (
    id TEXT PRIMARY KEY,
    set_id TEXT NOT NULL REFERENCES products(id),
    qty INTEGER NOT NULL CHECK (qty <> 0),              -- + boxes made ahead, - boxes taken apart
    reason TEXT NOT NULL DEFAULT '',
    staff_id TEXT NOT NULL REFERENCES staff(id),
    at TEXT NOT NULL
);
CREATE TABLE stock_moves_new (
    id TEXT PRIMARY KEY,
    product_id TEXT NOT NULL REFERENCES products(id),
    qty INTEGER NOT NULL CHECK (qty <> 0),              -- signed: + in, - out; units or grams
    kind TEXT NOT NULL CHECK (kind IN ('receive','sale','refund','void','count_adjust',
                                       'transfer_out','transfer_in','damaged','expired','return_to_producer',
                                       'set_assembly')),
    ref_type TEXT NOT NULL DEFAULT '',
    ref_id TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    staff_id TEXT,
    device_code TEXT NOT NULL,
    at TEXT NOT NULL,
    lot_id TEXT REFERENCES lots(id)
);
INSERT INTO stock_moves_new(rowid, id, product_id, qty, kind, ref_type, ref_id, reason, staff_id, device_code, at,
                            lot_id)
SELECT rowid, id, product_id, qty, kind, ref_type, ref_id, reason, staff_id, device_code, at, lot_id
FROM stock_moves ORDER BY rowid;
DROP TRIGGER stock_moves_no_delete;
DROP TABLE stock_moves;
ALTER TABLE stock_moves_new RENAME TO stock_moves;
CREATE INDEX stock_moves_product ON stock_moves(product_id);
CREATE INDEX stock_moves_lot ON stock_moves(lot_id) WHERE lot_id IS NOT NULL;
CREATE INDEX stock_moves_ref ON stock_moves(ref_id)
    WHERE ref_type = 'producer_return' OR ref_type = 'transfer' OR ref_type = 'set_assembly';
CREATE TRIGGER stock_moves_cache AFTER INSERT ON stock_moves BEGIN
    INSERT INTO stock_on_hand(product_id, qty) VALUES (NEW.product_id, NEW.qty)
    ON CONFLICT(product_id) DO UPDATE SET qty = qty + excluded.qty;
END;
CREATE TRIGGER stock_moves_lot_cache AFTER INSERT ON stock_moves WHEN NEW.lot_id IS NOT NULL BEGIN
    INSERT INTO lot_on_hand(lot_id, product_id, qty) VALUES (NEW.lot_id, NEW.product_id, NEW.qty)
    ON CONFLICT(lot_id) DO UPDATE SET qty = qty + excluded.qty;
END;
CREATE TRIGGER stock_moves_no_update BEFORE UPDATE ON stock_moves BEGIN
    SELECT RAISE(ABORT, 'stock_moves is append-only');
END;
CREATE TRIGGER stock_moves_no_delete BEFORE DELETE ON stock_moves BEGIN
    SELECT RAISE(ABORT, 'stock_moves is append-only');
END;
"""
    )


@migrations()
def m020_vouchers(db: sqlite_utils.Database) -> None:
    """Vouchers (issue 16, pos/vouchers.py): the centre's list of vouchers valid at this location
    with the uses allotted to this kiosk (redeemable offline), and every use made here (offline
    against the allotment, or reserved online first), restored by a refund."""
    run_script(
        db,
        """
CREATE TABLE vouchers (
    code TEXT PRIMARY KEY,                              -- grouped, check character included
    id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('amount', 'percent')),
    value INTEGER NOT NULL CHECK (value > 0),           -- đồng, or percent of the sale total
    cap INTEGER NOT NULL DEFAULT 0 CHECK (cap >= 0),    -- a percentage voucher's most, 0 = none
    uses INTEGER NOT NULL CHECK (uses > 0),
    expires_on TEXT NOT NULL,                           -- last Vietnam day it is valid
    name TEXT NOT NULL DEFAULT '',
    allotted INTEGER NOT NULL DEFAULT 0 CHECK (allotted >= 0),  -- uses this kiosk may spend offline
    listed INTEGER NOT NULL DEFAULT 1                   -- in the last pull: valid at this location
);
CREATE TABLE voucher_redemptions (
    id TEXT PRIMARY KEY,                                -- the redemption id, also the centre's
    voucher_code TEXT NOT NULL,
    sale_id TEXT,
    payment_id TEXT,
    amount INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),
    online INTEGER NOT NULL DEFAULT 0 CHECK (online IN (0, 1)),
    status TEXT NOT NULL CHECK (status IN ('reserved', 'redeemed', 'released')),
    at TEXT NOT NULL DEFAULT '',
    business_day TEXT NOT NULL DEFAULT '',
    restored_by TEXT                                    -- the refund that gave the use back
);
CREATE INDEX voucher_redemptions_code ON voucher_redemptions(voucher_code, status);
CREATE INDEX voucher_redemptions_sale ON voucher_redemptions(sale_id);
"""
    )


@migrations()
def m021_lookup_keys(db: sqlite_utils.Database) -> None:
    """Two keys the counter's hot paths read (issue 13/14 performance):

    barcodes.gtin14, each stored code's GTIN-14: a 2D scan, and an EAN-13 scan, finds its product
    by one index lookup instead of an IN over the GTIN's stored forms (gtin_forms in pos/gs1.py).
    A VIRTUAL generated column, so every writer (the pull, the catalog screen, the demo seed, an
    older file being upgraded) gets it right without code of its own: a code of 8, 12, 13 or 14
    digits padded with zeros to 14, NULL for any other code. The stored forms of one GTIN share
    its GTIN-14, which is exactly gtin_forms' rule.

    catalog_rev, bumped by triggers on every change of products and vat_schedule, whoever makes
    it: a sale reads each product's VAT rate of the day and certificate expiry under its write
    lock, and keeps them while this number stays the same (pos.sales._products_on), so it reads
    one row instead of its products again after another connection committed."""
    run_script(
        db,
        """
ALTER TABLE barcodes ADD COLUMN gtin14 TEXT GENERATED ALWAYS AS (CASE WHEN length(code) IN (8, 12, 13, 14)
    AND code NOT GLOB '*[^0-9]*' THEN substr('000000' || code, -14) END) VIRTUAL;
CREATE INDEX barcodes_gtin14 ON barcodes(gtin14, product_id) WHERE gtin14 IS NOT NULL;
CREATE TABLE catalog_rev (id INTEGER PRIMARY KEY CHECK (id = 1), rev INTEGER NOT NULL);
INSERT INTO catalog_rev(id, rev) VALUES (1, 0);
CREATE TRIGGER products_rev_insert AFTER INSERT ON products BEGIN UPDATE catalog_rev SET rev = rev + 1; END;
CREATE TRIGGER products_rev_update AFTER UPDATE ON products BEGIN UPDATE catalog_rev SET rev = rev + 1; END;
CREATE TRIGGER products_rev_delete AFTER DELETE ON products BEGIN UPDATE catalog_rev SET rev = rev + 1; END;
CREATE TRIGGER vat_schedule_rev_insert AFTER INSERT ON vat_schedule BEGIN UPDATE catalog_rev SET rev = rev + 1; END;
CREATE TRIGGER vat_schedule_rev_update AFTER UPDATE ON vat_schedule BEGIN UPDATE catalog_rev SET rev = rev + 1; END;
CREATE TRIGGER vat_schedule_rev_delete AFTER DELETE ON vat_schedule BEGIN UPDATE catalog_rev SET rev = rev + 1; END;
"""
    )


@migrations()
def m022_promotions(db: sqlite_utils.Database) -> None:
    """Promotions pulled from the centre and evaluated here, offline (issue 16, pos/promotions.py,
    pos/promotion_store.py), and each use stored on the sale: the promotions' part of a line's
    discount (sale_lines.promo_discount, inside line_discount like any line discount) and one
    sale_promotions row per promotion and sale line, or per promotion the clerk removed."""
    run_script(
        db,
        """
CREATE TABLE promotions (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('percent_off','amount_off','buy_get','spend_gift','spend_amount')),
    name_vi TEXT NOT NULL DEFAULT '',
    name_en TEXT NOT NULL DEFAULT '',
    target TEXT NOT NULL DEFAULT 'all',
    target_id TEXT NOT NULL DEFAULT '',
    percent INTEGER NOT NULL DEFAULT 0,
    amount INTEGER NOT NULL DEFAULT 0,
    buy_qty INTEGER NOT NULL DEFAULT 0,
    get_qty INTEGER NOT NULL DEFAULT 0,
    get_product_id TEXT NOT NULL DEFAULT '',
    min_total INTEGER NOT NULL DEFAULT 0,
    gift_product_id TEXT NOT NULL DEFAULT '',
    gift_qty INTEGER NOT NULL DEFAULT 0,
    start_day TEXT NOT NULL DEFAULT '',
    end_day TEXT NOT NULL DEFAULT '',
    weekdays TEXT NOT NULL DEFAULT '1234567',
    start_minute INTEGER NOT NULL DEFAULT 0,
    end_minute INTEGER NOT NULL DEFAULT 1440,
    carrier TEXT NOT NULL DEFAULT 'booth' CHECK (carrier IN ('booth','producer')),
    seq INTEGER NOT NULL DEFAULT 0                      -- bumped by every pull that writes it (the book's cache key)
);
CREATE TABLE sale_promotions (
    id TEXT PRIMARY KEY,
    sale_id TEXT NOT NULL REFERENCES sales(id),
    line_id TEXT,                                       -- the sale line it applied to; NULL: removed by the clerk
    promotion_id TEXT NOT NULL,
    amount INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),
    level TEXT NOT NULL DEFAULT 'line' CHECK (level IN ('line','order','removed')),
    carrier TEXT NOT NULL DEFAULT 'booth',
    text_vi TEXT NOT NULL DEFAULT '',
    text_en TEXT NOT NULL DEFAULT '',
    removed_by TEXT
);
CREATE INDEX sale_promotions_sale ON sale_promotions(sale_id);
CREATE INDEX promotions_seq ON promotions(seq);
ALTER TABLE sale_lines ADD COLUMN promo_discount INTEGER NOT NULL DEFAULT 0;
"""
    )


@migrations()
def m023_plans_rev(db: sqlite_utils.Database) -> None:
    """catalog_rev (m021) also bumped by every change of what the kiosk applies on its own from a
    pull: scheduled prices and price lists (pos/prices.py), promotions (pos/promotion_store.py) and
    gift set components (pos/sets.py), whoever makes it. A sale and a scan read these at every
    turn, and a pull alone changes them: what was read of them is kept while this one number stays
    the same (one row read instead of a query per table; pos.prices.in_force, the promotions' book,
    pos.sets.set_ids)."""
    run_script(
        db,
        """
CREATE TRIGGER price_schedule_rev_insert AFTER INSERT ON price_schedule BEGIN UPDATE catalog_rev SET rev = rev + 1; END;
CREATE TRIGGER price_schedule_rev_update AFTER UPDATE ON price_schedule BEGIN UPDATE catalog_rev SET rev = rev + 1; END;
CREATE TRIGGER price_schedule_rev_delete AFTER DELETE ON price_schedule BEGIN UPDATE catalog_rev SET rev = rev + 1; END;
CREATE TRIGGER price_list_items_rev_insert AFTER INSERT ON price_list_items BEGIN UPDATE catalog_rev SET rev = rev + 1; END;
CREATE TRIGGER price_list_items_rev_update AFTER UPDATE ON price_list_items BEGIN UPDATE catalog_rev SET rev = rev + 1; END;
CREATE TRIGGER price_list_items_rev_delete AFTER DELETE ON price_list_items BEGIN UPDATE catalog_rev SET rev = rev + 1; END;
CREATE TRIGGER promotions_rev_insert AFTER INSERT ON promotions BEGIN UPDATE catalog_rev SET rev = rev + 1; END;
CREATE TRIGGER promotions_rev_update AFTER UPDATE ON promotions BEGIN UPDATE catalog_rev SET rev = rev + 1; END;
CREATE TRIGGER promotions_rev_delete AFTER DELETE ON promotions BEGIN UPDATE catalog_rev SET rev = rev + 1; END;
CREATE TRIGGER set_components_rev_insert AFTER INSERT ON set_components BEGIN UPDATE catalog_rev SET rev = rev + 1; END;
CREATE TRIGGER set_components_rev_update AFTER UPDATE ON set_components BEGIN UPDATE catalog_rev SET rev = rev + 1; END;
CREATE TRIGGER set_components_rev_delete AFTER DELETE ON set_components BEGIN UPDATE catalog_rev SET rev = rev + 1; END;
"""
    )
