"""Viettel S-Invoice (sinvoice.viettel.vn), REST/JSON.

Sources: Viettel's "S-Invoice API integration" guide as used by Odoo's l10n_vn_edi_viettel module
(addons/l10n_vn_edi_viettel: models/sinvoice_service.py for the endpoints, the token in an
`access_token` cookie, `auth/login` answering `access_token` + `expires_in`, and errors as
`code`/`error`/`errorCode` in the body; models/account_move.py and tests/test_edi.py for the
createInvoice body: generalInvoiceInfo, buyerInfo, sellerInfo, payments, itemInfo[],
taxBreakdowns[]; adjustmentType 1 original / 3 replacement / 5 adjustment; `validation: 1` makes
S-Invoice check the tax figures). Learned from, not copied.

Settings: provider_url (default the production API below), username/password of the S-Invoice
API account, provider_options {"template_code": "1/001"} (the template code registered at
Viettel; default "<template>/001").

UNCONFIRMED (ask Viettel / the seller's accountant before going live):
- the fields of a cash-register invoice (Decree 254/2026, Circular 91/2026): we send our own number
  (`invoiceNo` = symbol + number) and the tax-authority code (`taxAuthorityCode`) in
  generalInvoiceInfo, and the business location as `sellerInfo.sellerStoreCode`/`sellerStoreName`;
  the delegating producer / booth operator pair (ủy nhiệm) is not sent (no documented field);
- the answer to a createInvoice whose transactionUuid Viettel already holds (we treat an error
  naming the transaction as "duplicate" and look it up) and the exact not-found answer of
  searchInvoiceByTransactionUuid (an empty result, or an error code, reads as "missing" — safe,
  because a resend carries the same transactionUuid, which Viettel documents as its duplicate key);
- a reducing adjustment: absolute amounts with isIncreaseItem false (Odoo's credit notes); an
  increasing one: positive amounts with isIncreaseItem true, adjustmentInvoiceType "1";
- an adjustment of the buyer's details only (no lines, nothing owed changes): adjustmentType 5 with
  adjustmentInvoiceType "2" (as other integrations send an information adjustment), empty
  itemInfo and taxBreakdowns, zero totals - whether Viettel wants a note line (selection 2) instead.
"""
from __future__ import annotations

from central.einvoice import figures as f
from pos.einvoice import rules
from central.einvoice.providers.base import Client, Doc, LoginFailed, Outcome, Reply, body_text, json_or_none

API = "services/einvoiceapplication/api/InvoiceAPI/InvoiceWS"
ADJUSTMENT_TYPE = {"original": "1", "replacement": "3", "adjustment": "5"}


def _error(js) -> str:
    """Viettel's error text, '' when the body says success."""
    if not isinstance(js, dict):
        return "unreadable answer"
    code = js.get("errorCode") or js.get("code") or js.get("error")
    if not code:
        return ""
    detail = js.get("description") or js.get("data") or js.get("error_description") or js.get("message") or ""
    return f"{code}: {detail}" if detail and detail != code else str(code)


def _reference_text(nature: str | None, kind: str, rel: dict) -> str:
    """What the replacement or adjustment says of the invoice it corrects (the increase and the
    buyer's details in the kiosk's printed words, pos/einvoice/rules.py)."""
    ref = f"Mẫu số {rel['template']} ký hiệu {rel['symbol']} số {rel['number']} ngày {f.vn_date(rel['issued_at'])}"
    if kind == "replacement":
        return f"Thay thế cho hóa đơn {ref}"
    return {"increase": "Điều chỉnh tăng cho hóa đơn ", "info": "Điều chỉnh thông tin người mua cho hóa đơn "}.get(
        nature or "", "Điều chỉnh cho hóa đơn ") + ref


class Viettel(Client):
    name = "viettel"
    default_url = "https://api-vinvoice.viettel.vn"

    def _login(self):
        resp = self.http.post(f"{self.base}/auth/login", timeout=self.timeout,
                              json={"username": self.seller.username, "password": self.seller.password})
        js = json_or_none(resp)
        token = (js or {}).get("access_token") if isinstance(js, dict) else None
        text = body_text(resp).replace(token, "***") if isinstance(token, str) and token else body_text(resp)
        reply = Reply("login", resp.status_code, "ok", text)
        if resp.status_code != 200 or _error(js) or not (js or {}).get("access_token"):
            raise LoginFailed(_error(js) or f"HTTP {resp.status_code}", reply._replace(outcome="error"))
        return js["access_token"], float(js.get("expires_in") or 600), reply

    def _post(self, path: str, **kw):
        return self.authed(lambda token: self.http.post(f"{self.base}/{API}/{path}", cookies={"access_token": token},
                                                        timeout=self.timeout, **kw))

    # -- the request -------------------------------------------------------------------------------
    def _general(self, doc: Doc) -> dict:
        inv = doc.invoice
        general = {
            "transactionUuid": inv["id"],
            "invoiceType": inv["template"],
            "templateCode": self.seller.options.get("template_code") or f"{inv['template']}/001",
            "invoiceSeries": inv["symbol"],
            "invoiceNo": f"{inv['symbol']}{inv['number']}",
            "taxAuthorityCode": inv["authority_code"],
            "invoiceIssuedDate": f.epoch_ms(inv["issued_at"]),
            "currencyCode": "VND",
            "adjustmentType": ADJUSTMENT_TYPE.get(inv["kind"], "1"),
            "paymentStatus": True,
            "cusGetInvoiceRight": True,
            "validation": 1,
        }
        rel = doc.related
        if inv["kind"] in ("replacement", "adjustment") and rel:
            nature = rules.adjustment_nature(inv["kind"], inv["total"], len(doc.lines))
            general.update({
                "adjustmentInvoiceType": "2" if nature == "info" else "1",
                "originalInvoiceId": f"{rel['symbol']}{rel['number']}",
                "originalInvoiceIssueDate": f.epoch_ms(rel["issued_at"]),
                "originalTemplateCode": self.seller.options.get("template_code") or f"{rel['template']}/001",
                "additionalReferenceDesc": _reference_text(nature, inv["kind"], rel),
                "additionalReferenceDate": f.epoch_ms(inv["issued_at"]),
            })
        return general

    def _buyer(self, inv: dict) -> dict:
        has = bool(inv["buyer_name"] or inv["buyer_company"] or inv["buyer_tax_code"] or inv["buyer_id_no"])
        return {
            "buyerName": inv["buyer_name"] or ("" if inv["buyer_company"] else f.CONSUMER),
            "buyerLegalName": inv["buyer_company"],
            "buyerTaxCode": inv["buyer_tax_code"],
            "buyerIdNo": inv["buyer_id_no"],
            "buyerAddressLine": inv["buyer_address"],
            "buyerPhoneNumber": inv["buyer_phone"],
            "buyerEmail": inv["buyer_email"],
            "buyerNotGetInvoice": 0 if has else 1,
        }

    def _item(self, ln: dict, template: str, reducing: bool, increasing: bool = False) -> dict:
        sign = -1 if reducing else 1
        tax = ln["vat_rate"] if template == "1" else -2
        item = {
            "lineNumber": ln["line_no"],
            "selection": 1,
            "itemCode": ln["product_id"],
            "itemName": ln["name"],
            "unitName": "kg" if ln["by_weight"] else ln["unit"],
            "unitPrice": f.unit_price(ln, template),
            "quantity": abs(f.quantity(ln)),
            "itemTotalAmountWithoutTax": sign * (f.pre_vat_gross(ln) if template == "1" else f.gross(ln)),
            "taxPercentage": tax,
            "taxAmount": sign * (ln["vat_amount"] if template == "1" else 0),
            "discount": 0,
            "itemDiscount": sign * f.discount(ln, template),
            "itemTotalAmountAfterDiscount": sign * (ln["pre_vat"] if template == "1" else ln["amount"]),
            "itemTotalAmountWithTax": sign * ln["amount"],
        }
        if reducing:
            item.update({"isIncreaseItem": False, "adjustmentTaxAmount": item["taxAmount"]})
        elif increasing:
            item.update({"isIncreaseItem": True, "adjustmentTaxAmount": item["taxAmount"]})
        return item

    def request_body(self, doc: Doc) -> dict:
        inv, template = doc.invoice, doc.invoice["template"]
        reducing = inv["total"] < 0
        sign = -1 if reducing else 1
        seller = {"sellerLegalName": inv["seller_name"], "sellerTaxCode": inv["seller_tax_code"],
                  "sellerAddressLine": inv["seller_address"], "sellerStoreCode": inv["place_code"],
                  "sellerStoreName": inv["place_name"]}
        breakdowns = [{"taxPercentage": rate if template == "1" else -2, "taxableAmount": sign * pre,
                       "taxAmount": sign * vat, "taxableAmountPos": not reducing, "taxAmountPos": not reducing}
                      for rate, pre, vat, _ in f.tax_groups(doc.lines, template)]
        return {
            "generalInvoiceInfo": self._general(doc),
            "buyerInfo": self._buyer(inv),
            "sellerInfo": seller,
            "payments": [{"paymentMethodName": "TM/CK"}],
            "itemInfo": [self._item(ln, template, reducing, inv["kind"] == "adjustment" and not reducing)
                         for ln in doc.lines],
            "taxBreakdowns": breakdowns,
            "summarizeInfo": {
                "totalAmountWithoutTax": sign * (inv["pre_vat_total"] if template == "1" else inv["total"]),
                "totalTaxAmount": sign * (inv["vat_total"] if template == "1" else 0),
                "totalAmountWithTax": sign * inv["total"],
                "totalAmountWithTaxInWords": inv["total_words"],
                "discountAmount": sign * sum(f.discount(ln, template) for ln in doc.lines),
                "isTotalAmountPos": not reducing,
            },
        }

    # -- the calls ---------------------------------------------------------------------------------
    def create(self, doc: Doc) -> Outcome:
        def call() -> Outcome:
            resp, replies = self._post(f"createInvoice/{self.seller.tax_code}", json=self.request_body(doc))
            out = self._create_answer(resp)
            return out.with_replies(replies)
        return self.guarded("create", call)

    def _create_answer(self, resp) -> Outcome:
        js = json_or_none(resp)
        text = body_text(resp)
        err = _error(js)
        if resp.status_code >= 500 or resp.status_code in (401, 403, 408, 429) or js is None:
            why = f"viettel: HTTP {resp.status_code}" + (f": {err}" if err else "")
            return Outcome("retry", why, replies=(Reply("create", resp.status_code, "error", text),))
        if err:
            if "transactionuuid" in err.lower().replace(" ", "") or "DUPLICATE" in err.upper():
                return Outcome("duplicate", f"viettel: {err}", replies=(Reply("create", resp.status_code, "duplicate", text),))
            return Outcome("refused", f"viettel: {err}", replies=(Reply("create", resp.status_code, "refused", text),))
        result = js.get("result") or {}
        return Outcome("accepted", "", str(result.get("invoiceNo", "")), str(result.get("reservationCode", "")),
                       (Reply("create", resp.status_code, "ok", text),))

    def lookup(self, doc: Doc) -> Outcome:
        def call() -> Outcome:
            resp, replies = self._post("searchInvoiceByTransactionUuid", data={
                "supplierTaxCode": self.seller.tax_code, "transactionUuid": doc.invoice["id"]})
            js = json_or_none(resp)
            text = body_text(resp)
            if resp.status_code != 200 or not isinstance(js, dict):
                why = f"viettel: lookup HTTP {resp.status_code}" + (f": {_error(js)}" if _error(js) else "")
                return Outcome("retry", why, replies=(Reply("lookup", resp.status_code, "error", text),)).with_replies(replies)
            found = js.get("result") or []
            if found and not _error(js):
                first = found[0]
                return Outcome("accepted", "", str(first.get("invoiceNo", "")), str(first.get("reservationCode", "")),
                               (Reply("lookup", 200, "found", text),)).with_replies(replies)
            return Outcome("missing", _error(js), replies=(Reply("lookup", 200, "missing", text),)).with_replies(replies)
        return self.guarded("lookup", call)
