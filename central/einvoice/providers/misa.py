"""MISA meInvoice, integration API (api.meinvoice.vn/api/integration), REST/JSON.

Sources: MISA's published meInvoice integration documentation (developer portal "Tích hợp hóa đơn
điện tử meInvoice": `auth/token` with appid, taxcode, username, password answering
{Success, Data: token, ErrorCode}; `itg/invoicepublishing/createinvoice` with InvoiceData[] of
{RefID, InvSeries, InvDate, IsInvoiceCalculatingMachine, ... OriginalInvoiceDetail[],
TaxRateInfo[], TotalAmountInWords}; `itg/invoicepublished/invoicestatus` to look invoices up), as
issue 13 names them, and several public integrations of it read for the field names (ItemType 1
goods, VATRateName "8%", TaxRateInfo per rate). Learned from, not copied.

Settings: provider_url (default below), username/password of the meInvoice account,
provider_options {"app_id": "..."} (the integration's application id, which MISA issues).

UNCONFIRMED (ask MISA / the seller's accountant before going live):
- the SignType of a cash-register invoice published by the integration (we send 5, "máy tính tiền",
  as the public integrations do) and whether our own number and tax-authority code travel as
  `InvNo` / `InvoiceCode` (we send both);
- the lookup: we POST the RefIDs to invoicestatus with inputType=2 (by RefID) and read
  [{RefID, TransactionID, InvNo}] from Data; a RefID MISA already holds is answered with an
  error naming RefID, which we read as "duplicate" and look up;
- the delegating producer / booth operator pair (ủy nhiệm) is not sent (no documented field);
- a reducing adjustment: negative amounts (IsInvoiceAdjustment / AdjustmentType 2); an increasing
  one: positive amounts, AdjustmentType 1, InvoiceNote "Điều chỉnh tăng cho hóa đơn ...";
- an adjustment of the buyer's details only: ReferenceType 2 with no OriginalInvoiceDetail, zero
  totals, no AdjustmentType, InvoiceNote "Điều chỉnh thông tin người mua cho hóa đơn ..." - the
  field MISA documents for an information adjustment is to confirm.
"""
from __future__ import annotations

import json

from central.einvoice import figures as f
from pos.einvoice import rules
from central.einvoice.providers.base import Client, Doc, LoginFailed, Outcome, Reply, body_text, json_or_none

KIND = {"original": 0, "replacement": 1, "adjustment": 2}  # ReferenceType: new, replaces, adjusts


def _error(js) -> str:
    if not isinstance(js, dict):
        return "unreadable answer"
    if js.get("Success") is True and not js.get("ErrorCode"):
        return ""
    code = js.get("ErrorCode") or "error"
    detail = js.get("DescriptionErrorCode") or js.get("Errors") or ""
    if isinstance(detail, list):
        detail = "; ".join(str(d) for d in detail)
    return f"{code}: {detail}" if detail else str(code)


def _day_vi(iso: str) -> str:
    """dd/mm/yyyy, as the kiosk prints the day of the invoice corrected."""
    return "/".join(reversed(f.vn_date(iso).split("-")))


def _data(js):
    """MISA puts results in Data, sometimes as a JSON text."""
    data = js.get("Data") if isinstance(js, dict) else None
    if isinstance(data, str):
        try:
            return json.loads(data)
        except ValueError:
            return data
    return data


class Misa(Client):
    name = "misa"
    default_url = "https://api.meinvoice.vn/api/integration"

    def _login(self):
        resp = self.http.post(f"{self.base}/auth/token", timeout=self.timeout, json={
            "appid": self.seller.options.get("app_id", ""), "taxcode": self.seller.tax_code,
            "username": self.seller.username, "password": self.seller.password})
        js = json_or_none(resp)
        token = _data(js) if not _error(js) else None
        text = body_text(resp).replace(token, "***") if isinstance(token, str) and token else body_text(resp)
        if resp.status_code != 200 or not isinstance(token, str) or not token:
            raise LoginFailed(_error(js) or f"HTTP {resp.status_code}", Reply("login", resp.status_code, "error", text))
        return token, float(self.seller.options.get("token_seconds") or 3600), Reply("login", 200, "ok", text)

    def _post(self, path: str, **kw):
        return self.authed(lambda token: self.http.post(f"{self.base}/{path}", timeout=self.timeout,
                                                        headers={"Authorization": f"Bearer {token}"}, **kw))

    def _detail(self, ln: dict, template: str) -> dict:
        vat = template == "1"
        return {
            "ItemType": 1, "LineNumber": ln["line_no"], "SortOrder": ln["line_no"],
            "ItemCode": ln["product_id"], "ItemName": ln["name"],
            "UnitName": "kg" if ln["by_weight"] else ln["unit"],
            "Quantity": f.quantity(ln), "UnitPrice": f.unit_price(ln, template),
            "AmountOC": f.pre_vat_gross(ln) if vat else f.gross(ln),
            "Amount": f.pre_vat_gross(ln) if vat else f.gross(ln),
            "DiscountAmountOC": f.discount(ln, template), "DiscountAmount": f.discount(ln, template),
            "AmountWithoutVATOC": ln["pre_vat"] if vat else ln["amount"],
            "AmountWithoutVAT": ln["pre_vat"] if vat else ln["amount"],
            "VATRateName": f"{ln['vat_rate']}%" if vat else "KKKNT",
            "VATAmountOC": ln["vat_amount"] if vat else 0, "VATAmount": ln["vat_amount"] if vat else 0,
        }

    def _buyer(self, inv: dict) -> dict:
        return {"BuyerLegalName": inv["buyer_company"], "BuyerTaxCode": inv["buyer_tax_code"],
                "BuyerAddress": inv["buyer_address"], "BuyerCode": "",
                "BuyerFullName": inv["buyer_name"] or ("" if inv["buyer_company"] else f.CONSUMER),
                "BuyerIDNumber": inv["buyer_id_no"], "BuyerPhoneNumber": inv["buyer_phone"],
                "BuyerEmail": inv["buyer_email"], "ReceiverEmail": inv["buyer_email"]}

    def _reference(self, doc: Doc) -> dict:
        rel = doc.related
        if doc.invoice["kind"] not in ("replacement", "adjustment") or not rel:
            return {}
        out = {"ReferenceType": KIND[doc.invoice["kind"]], "OrgInvTemplateNo": rel["template"],
               "OrgInvSeries": rel["symbol"], "OrgInvNo": str(rel["number"]),
               "OrgInvDate": f.vn_date(rel["issued_at"]),
               "IsInvoiceAdjustment": doc.invoice["kind"] == "adjustment",
               "AdjustmentType": 2 if doc.invoice["total"] < 0 else 1}
        nature = rules.adjustment_nature(doc.invoice["kind"], doc.invoice["total"], len(doc.lines))
        if nature in ("increase", "info"):  # the kiosk's printed words (pos/einvoice/rules.py)
            out["InvoiceNote"] = rules.NOTES[nature].format(template=rel["template"], symbol=rel["symbol"],
                                                            number=rel["number"], day=_day_vi(rel["issued_at"]))
        if nature == "info":
            del out["AdjustmentType"]  # neither an increase nor a decrease: to confirm with MISA
        return out

    def request_body(self, doc: Doc) -> dict:
        inv, template = doc.invoice, doc.invoice["template"]
        vat = template == "1"
        sale = sum(f.pre_vat_gross(ln) if vat else f.gross(ln) for ln in doc.lines)
        discount = sum(f.discount(ln, template) for ln in doc.lines)
        data = {
            "RefID": inv["id"], "InvSeries": inv["symbol"], "InvNo": str(inv["number"]),
            "InvoiceCode": inv["authority_code"], "InvDate": f.vn_date(inv["issued_at"]),
            "IsInvoiceCalculatingMachine": True, "CurrencyCode": "VND", "ExchangeRate": 1.0,
            "PaymentMethodName": "TM/CK",
            **self._buyer(inv),
            "SellerTaxCode": inv["seller_tax_code"], "SellerLegalName": inv["seller_name"],
            "SellerAddress": inv["seller_address"], "BusinessPlaceCode": inv["place_code"],
            "BusinessPlaceName": inv["place_name"],
            "TotalSaleAmountOC": sale, "TotalSaleAmount": sale,
            "TotalDiscountAmountOC": discount, "TotalDiscountAmount": discount,
            "TotalAmountWithoutVATOC": inv["pre_vat_total"] if vat else inv["total"],
            "TotalAmountWithoutVAT": inv["pre_vat_total"] if vat else inv["total"],
            "TotalVATAmountOC": inv["vat_total"] if vat else 0, "TotalVATAmount": inv["vat_total"] if vat else 0,
            "TotalAmountOC": inv["total"], "TotalAmount": inv["total"],
            "TotalAmountInWords": inv["total_words"],
            "OriginalInvoiceDetail": [self._detail(ln, template) for ln in doc.lines],
            "TaxRateInfo": [{"VATRateName": f"{rate}%" if vat else "KKKNT", "AmountWithoutVATOC": pre,
                             "VATAmountOC": v if vat else 0} for rate, pre, v, _ in f.tax_groups(doc.lines, template)],
            **self._reference(doc),
        }
        return {"SignType": 5, "InvoiceData": [data], "PublishInvoiceData": None}

    def create(self, doc: Doc) -> Outcome:
        def call() -> Outcome:
            resp, replies = self._post("itg/invoicepublishing/createinvoice", json=self.request_body(doc))
            return self._create_answer(resp).with_replies(replies)
        return self.guarded("create", call)

    def _create_answer(self, resp) -> Outcome:
        js = json_or_none(resp)
        text = body_text(resp)
        err = _error(js)
        if resp.status_code >= 500 or resp.status_code in (401, 403, 408, 429) or js is None:
            why = f"misa: HTTP {resp.status_code}" + (f": {err}" if err else "")
            return Outcome("retry", why, replies=(Reply("create", resp.status_code, "error", text),))
        rows = _data(js) if not err else None
        row = rows[0] if isinstance(rows, list) and rows and isinstance(rows[0], dict) else {}
        err = err or (f"{row['ErrorCode']}" if row.get("ErrorCode") else "")
        if err:
            kind = "duplicate" if "refid" in err.lower() else "refused"
            return Outcome(kind, f"misa: {err}", replies=(Reply("create", resp.status_code, kind, text),))
        return Outcome("accepted", "", str(row.get("InvNo", "")), str(row.get("TransactionID", "")),
                       (Reply("create", resp.status_code, "ok", text),))

    def lookup(self, doc: Doc) -> Outcome:
        def call() -> Outcome:
            resp, replies = self._post("itg/invoicepublished/invoicestatus",
                                       params={"invoiceWithCode": "true", "invoiceCalcu": "true", "inputType": "2"},
                                       json=[doc.invoice["id"]])
            js = json_or_none(resp)
            text = body_text(resp)
            if resp.status_code != 200 or _error(js):
                why = f"misa: lookup HTTP {resp.status_code}" + (f": {_error(js)}" if _error(js) else "")
                return Outcome("retry", why, replies=(Reply("lookup", resp.status_code, "error", text),)).with_replies(replies)
            rows = _data(js)
            hit = next((r for r in rows or [] if isinstance(r, dict) and r.get("RefID") == doc.invoice["id"]
                        and r.get("TransactionID")), None)
            if hit:
                return Outcome("accepted", "", str(hit.get("InvNo", "")), str(hit["TransactionID"]),
                               (Reply("lookup", 200, "found", text),)).with_replies(replies)
            return Outcome("missing", "", replies=(Reply("lookup", 200, "missing", text),)).with_replies(replies)
        return self.guarded("lookup", call)
