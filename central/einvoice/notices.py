"""Form 04/SS-HĐĐT, "Thông báo hóa đơn điện tử có sai sót": the seller's notice to the tax office
that invoices it issued are wrong, and how each is dealt with (TCTBao: 1 cancellation, 2 adjustment,
3 replacement, 4 explanation). The one module that knows the form; sources and what is unconfirmed
are in docs/einvoice.md ("Corrections").

Neither provider documents an API for this notice in the sources we have (Viettel's integration guide
as Odoo's l10n_vn_edi_viettel uses it: createInvoice, searchInvoiceByTransactionUuid,
cancelTransactionInvoice; MISA's meInvoice integration API: createinvoice, invoicestatus), so the
centre records the notice and produces it as XML in the tax authority's field names (TBao / DLTBao /
DSHDon / HDon, as in the authority's e-invoice data format for this form, Decision 1450/QĐ-TCT of
2021 - to confirm against the format in force under Circular 91/2026). The XML is unsigned: the
seller signs and sends it from its provider's portal (or the authority's), which holds its signature.

The form lists invoices in rows, each with its own correction (TCTBao) and reason (LDo): one notice
may name several invoices of one seller with different mistakes and corrections (Circular 78/2021
Art. 7 §2: one notice for one or several invoices; the form's table; to confirm against Circular
91/2026). What is per notice is only its header: the seller, the tax office, Loai 1/2.

Which mistake takes which correction (Decree 123/2020 Art. 19 as amended by Decree 70/2025; to
confirm against Decree 254/2026 / Circular 91/2026):
- the buyer's name or address wrong, tax code right, nothing else wrong: the buyer is told and no new
  invoice is needed - "explain"; the kiosk's replacement is also accepted ("replace");
- the buyer's tax code or ID wrong: adjustment or replacement;
- amount, quantity, price, VAT rate or tax, or goods not as described: adjustment or replacement;
- an invoice issued for no sale (entered twice, a sale that did not happen): cancellation."""
from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET

import sqlalchemy as sa

from central import models as m
from central.catalog.rules import N_
from central.einvoice.settings import Invalid

N, NI, I = m.invoice_notices, m.invoice_notice_items, m.invoices
FORM_NO, FORM_NAME = "04/SS-HĐĐT", "Thông báo hóa đơn điện tử có sai sót"
FORMAT_VERSION = "2.0.0"  # PBan of the authority's XML format: to confirm with the provider
APPLIES = "1"  # LADHDDT: an e-invoice under Decree 123/2020 (to confirm the value under Decree 254/2026)
ACTIONS = {"cancel": "1", "adjust": "2", "replace": "3", "explain": "4"}  # TCTBao
ACTION_LABELS = {"cancel": N_("Hủy"), "adjust": N_("Điều chỉnh"), "replace": N_("Thay thế"),
                 "explain": N_("Giải trình")}
ERRORS = {  # kind of mistake -> (label, the corrections the rules allow for it)
    "buyer_name_address": (N_("Sai tên, địa chỉ người mua (mã số thuế đúng)"), ("explain", "replace")),
    "buyer_tax_code": (N_("Sai mã số thuế hoặc số định danh người mua"), ("adjust", "replace")),
    "amounts": (N_("Sai số tiền, số lượng, đơn giá, thuế suất hoặc tiền thuế"), ("adjust", "replace")),
    "goods": (N_("Hàng hóa ghi sai tên, quy cách, chất lượng"), ("adjust", "replace")),
    "no_sale": (N_("Lập hóa đơn nhưng không có giao dịch bán (lập trùng, bán không thành)"), ("cancel",)),
}
ALLOWED_TEXT = {("explain", "replace"): N_("giải trình hoặc thay thế"), ("adjust", "replace"): N_("điều chỉnh hoặc thay thế"),
                ("cancel",): N_("hủy")}
MAX_INVOICES = 500


def _text(form: dict, key: str, limit: int, label: str, required: bool = True) -> str:
    value = str(form.get(key) or "").strip()
    if required and not value:
        raise Invalid(N_("cần điền {what}"), key, what=label)
    if len(value) > limit:
        raise Invalid(N_("{what} dài quá {limit} ký tự"), key, what=label, limit=limit)
    return value


def _header(form: dict) -> dict:
    kind = str(form.get("kind") or "1")
    if kind not in ("1", "2"):
        raise Invalid(N_("loại thông báo phải là 1 hoặc 2"), "kind")
    head = {"kind": kind, "tax_office_code": _text(form, "tax_office_code", 10, N_("mã cơ quan thuế")),
            "tax_office_name": _text(form, "tax_office_name", 200, N_("tên cơ quan thuế")),
            "place": _text(form, "place", 50, N_("địa danh")),
            "authority_notice_no": _text(form, "authority_notice_no", 30, N_("số thông báo của cơ quan thuế"),
                                         required=kind == "2"),
            "authority_notice_day": _text(form, "authority_notice_day", 10, N_("ngày thông báo của cơ quan thuế"),
                                          required=kind == "2")}
    if not head["tax_office_code"].isalnum():
        raise Invalid(N_("mã cơ quan thuế chỉ gồm chữ và số"), "tax_office_code")
    return head


def _item(form: dict, invoice_id: str) -> tuple[str, str, str]:
    """One invoice's row of the form: its own kind of mistake, correction and reason (fields
    suffixed "_<invoice id>"), or the notice's common ones where the row leaves them empty."""
    def pick(key: str) -> str:
        return str(form.get(f"{key}_{invoice_id}") or "").strip() or str(form.get(key) or "").strip()
    error_kind, action = pick("error_kind"), pick("action")
    if error_kind not in ERRORS:
        raise Invalid(N_("chọn loại sai sót"), "error_kind")
    if action not in ERRORS[error_kind][1]:
        raise Invalid(N_("sai sót này không xử lý bằng cách đã chọn; được: {label}"), "action",
                      label=ALLOWED_TEXT[ERRORS[error_kind][1]])
    return error_kind, action, _text({"reason": pick("reason")}, "reason", 255, N_("lý do"))


def _items(form: dict, invoice_ids: list[str]) -> list[tuple[str, str, str]]:
    """(kind of mistake, correction, reason) per invoice. The form has them per row (each invoice
    its own TCTBao and LDo, docs/einvoice.md), so one notice may carry several kinds."""
    if not invoice_ids:
        raise Invalid(N_("chọn ít nhất một hóa đơn"), "invoice")
    if len(invoice_ids) > MAX_INVOICES:
        raise Invalid(N_("một thông báo ghi nhiều nhất {limit} hóa đơn"), "invoice", limit=MAX_INVOICES)
    return [_item(form, i) for i in invoice_ids]


def make(conn, form: dict, invoice_ids: list[str], username: str, today: str, now_iso: str) -> str:
    """Record a notice for `invoice_ids` (all one seller's) and its XML; returns its id. Refused
    (Invalid, nothing written) when a field is missing, a correction does not fit its mistake, an
    invoice is unknown or another seller's, or an invoice already has a notice of that correction."""
    head = _header(form)
    ids = list(dict.fromkeys(str(i) for i in invoice_ids if i))
    per = dict(zip(ids, _items(form, ids)))
    rows = {r.id: r._mapping for r in conn.execute(sa.select(I).where(I.c.id.in_(ids)))}
    missing = [i for i in ids if i not in rows]
    if missing:
        raise Invalid(N_("không có hóa đơn {invoice}"), "invoice", invoice=missing[0])
    sellers = {r["seller_tax_code"] for r in rows.values()}
    if len(sellers) != 1:
        raise Invalid(N_("một thông báo chỉ ghi hóa đơn của một người bán"), "invoice")
    for r in conn.execute(sa.select(NI.c.invoice_id, NI.c.action).where(NI.c.invoice_id.in_(ids))):
        if per[r.invoice_id][1] == r.action:
            inv = rows[r.invoice_id]
            raise Invalid(N_("hóa đơn {symbol} số {number} đã có thông báo {label}"), "invoice", symbol=inv["symbol"],
                          number=inv["number"], label=ACTION_LABELS[r.action])
    seller = rows[ids[0]]
    notice_id = str(uuid.uuid4())
    head.update(id=notice_id, seller_tax_code=seller["seller_tax_code"], seller_name=seller["seller_name"],
                notice_day=today, created_at=now_iso, created_by=username)
    items = [{"notice_id": notice_id, "line_no": n, "invoice_id": i, "error_kind": per[i][0], "action": per[i][1],
              "reason": per[i][2]} for n, i in enumerate(ids, start=1)]
    head["xml"] = to_xml(head, [(it, rows[it["invoice_id"]]) for it in items]).decode("utf-8")
    conn.execute(sa.insert(N).values(head))
    conn.execute(sa.insert(NI), items)
    return notice_id


def to_xml(head: dict, items: list[tuple[dict, dict]]) -> bytes:
    """The notice in the authority's field names (module docstring: source, unconfirmed points)."""
    root = ET.Element("TBao")
    data = ET.SubElement(root, "DLTBao")
    for tag, value in (("PBan", FORMAT_VERSION), ("MSo", FORM_NO), ("Ten", FORM_NAME), ("Loai", head["kind"]),
                       ("So", head["authority_notice_no"]), ("NTBCCQT", head["authority_notice_day"]),
                       ("MCQT", head["tax_office_code"]), ("TCQT", head["tax_office_name"]),
                       ("TNNT", head["seller_name"]), ("MST", head["seller_tax_code"]), ("DDanh", head["place"]),
                       ("NTBao", head["notice_day"])):
        ET.SubElement(data, tag).text = str(value)
    invoices = ET.SubElement(data, "DSHDon")
    for item, inv in items:
        row = ET.SubElement(invoices, "HDon")
        for tag, value in (("STT", item["line_no"]), ("MCQTCap", inv["authority_code"]),
                           ("KHMSHDon", inv["template"]), ("KHHDon", inv["symbol"]), ("SHDon", inv["number"]),
                           ("Ngay", str(inv["issued_at"])[:10]), ("LADHDDT", APPLIES),
                           ("TCTBao", ACTIONS[item["action"]]), ("LDo", item["reason"])):
            ET.SubElement(row, tag).text = str(value)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def get(conn, notice_id: str) -> dict | None:
    """A notice with its items, each with the invoice it names and the invoices correcting it."""
    row = conn.execute(sa.select(N).where(N.c.id == notice_id)).first()
    if row is None:
        return None
    notice = dict(row._mapping)
    q = (sa.select(NI, I.c.template, I.c.symbol, I.c.number, I.c.issued_at, I.c.authority_code, I.c.total,
                   I.c.business_day)
         .select_from(NI.join(I, I.c.id == NI.c.invoice_id)).where(NI.c.notice_id == notice_id).order_by(NI.c.line_no))
    notice["items"] = [dict(r._mapping) for r in conn.execute(q)]
    fixes = _corrections(conn, [it["invoice_id"] for it in notice["items"]])
    for it in notice["items"]:
        it["corrections"] = fixes.get(it["invoice_id"], [])
    return notice


def _corrections(conn, ids: list[str]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    q = sa.select(I.c.related_invoice_id, I.c.kind, I.c.symbol, I.c.number).where(I.c.related_invoice_id.in_(ids))
    for r in conn.execute(q.order_by(I.c.issued_at)):
        out.setdefault(r.related_invoice_id, []).append(dict(r._mapping))
    return out


def recent(conn, limit: int = 100) -> list[dict]:
    count = sa.select(sa.func.count()).where(NI.c.notice_id == N.c.id).scalar_subquery()
    q = sa.select(N.c.id, N.c.seller_tax_code, N.c.seller_name, N.c.notice_day, N.c.created_by, N.c.created_at,
                  count.label("invoices")).order_by(N.c.created_at.desc()).limit(limit)
    return [dict(r._mapping) for r in conn.execute(q)]


def of_invoices(conn, ids: list[str]) -> dict[str, list[dict]]:
    """{invoice id: [{notice_id, notice_day, action}]} for the invoices shown on a page."""
    out: dict[str, list[dict]] = {}
    if not ids:
        return out
    q = (sa.select(NI.c.invoice_id, NI.c.notice_id, NI.c.action, N.c.notice_day)
         .select_from(NI.join(N, N.c.id == NI.c.notice_id)).where(NI.c.invoice_id.in_(ids)).order_by(N.c.created_at))
    for r in conn.execute(q):
        out.setdefault(r.invoice_id, []).append(dict(r._mapping))
    return out


def last_header(conn, seller_tax_code: str) -> dict:
    """The tax office and place of the seller's latest notice, to fill the next one's form."""
    row = conn.execute(sa.select(N.c.tax_office_code, N.c.tax_office_name, N.c.place)
                       .where(N.c.seller_tax_code == seller_tax_code).order_by(N.c.created_at.desc()).limit(1)).first()
    return dict(row._mapping) if row else {}
