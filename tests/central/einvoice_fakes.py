"""Local fakes of the two providers' published APIs, each a small FastAPI app under uvicorn on a
loopback port, following the documented subset the adapters use (central/einvoice/providers):
log in for a token that runs out, create an invoice (stored by OUR transaction id, a second create
with the same id answered as a duplicate), look one up by that id; `validation` checks the totals
as S-Invoice's validation flag does (each line, each rate, the invoice). Knobs for the tests:
`down` (every call answered 503), `fail_next` (answers to give the next creates), `token_uses`
(a token expires after that many calls: expiry mid-batch without waiting), `latency` (seconds
before each answer, for the bench), `series` (the symbols registered at the provider)."""
from __future__ import annotations

import json
import socket
import threading
import time
import uuid

from fastapi import FastAPI, Form, Request
from fastapi.responses import JSONResponse


class Fake:
    def __init__(self, tax_code: str, username: str = "api-user", password: str = "mat-khau-nha-cung-cap",
                 series: tuple = ("C26MBL", "C26MHN")):
        self.tax_code, self.username, self.password = tax_code, username, password
        self.series = set(series)
        self.invoices: dict[str, dict] = {}
        self.tokens: dict[str, int] = {}
        self.token_uses = 10_000
        self.down = False
        self.fail_next: list[tuple[int, dict]] = []
        self.latency = 0.0
        self.creates = self.lookups = self.logins = self.expired = 0
        self.lock = threading.Lock()
        self.app = FastAPI()

    def _new_token(self) -> str:
        tok = uuid.uuid4().hex
        with self.lock:
            self.logins += 1
            self.tokens[tok] = self.token_uses
        return tok

    def _use(self, tok: str | None) -> bool:
        """False when the token is unknown or spent (the provider's 'expired')."""
        with self.lock:
            left = self.tokens.get(tok or "", 0)
            if left <= 0:
                self.expired += 1
                return False
            self.tokens[tok] = left - 1
            return True

    def _wait(self):
        if self.latency:
            time.sleep(self.latency)

    def _store(self, tid: str, record: dict) -> dict | None:
        """Store under the transaction id; the record already there when it is a duplicate."""
        with self.lock:
            if tid in self.invoices:
                return self.invoices[tid]
            self.invoices[tid] = record
            self.creates += 1
            return None


def _sum(items, key) -> int:
    return sum(int(i.get(key) or 0) for i in items)


class FakeViettel(Fake):
    API = "/services/einvoiceapplication/api/InvoiceAPI/InvoiceWS"

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        app = self.app

        @app.post("/auth/login")
        async def login(request: Request):
            body = await request.json()
            if self.down:
                return JSONResponse({"error": "service_unavailable"}, 503)
            if body.get("username") != self.username or body.get("password") != self.password:
                return JSONResponse({"error": "invalid_grant", "error_description": "Sai tên đăng nhập hoặc mật khẩu"}, 400)
            return {"access_token": self._new_token(), "token_type": "bearer", "expires_in": 600}

        @app.post(self.API + "/createInvoice/{tax}")
        def create(tax: str, body: dict, request: Request):
            self._wait()
            if self.down:
                return JSONResponse({"errorCode": "SERVICE_UNAVAILABLE"}, 503)
            if not self._use(request.cookies.get("access_token")):
                return JSONResponse({"error": "invalid_token", "error_description": "Access token expired"}, 401)
            if self.fail_next:
                status, answer = self.fail_next.pop(0)
                return JSONResponse(answer, status)
            return self._create(tax, body)

        @app.post(self.API + "/searchInvoiceByTransactionUuid")
        def lookup(request: Request, supplierTaxCode: str = Form(...), transactionUuid: str = Form(...)):
            self._wait()
            if self.down:
                return JSONResponse({"errorCode": "SERVICE_UNAVAILABLE"}, 503)
            if not self._use(request.cookies.get("access_token")):
                return JSONResponse({"error": "invalid_token", "error_description": "Access token expired"}, 401)
            with self.lock:
                self.lookups += 1
                rec = self.invoices.get(transactionUuid)
            if rec is None or supplierTaxCode != self.tax_code:
                return {"errorCode": "INVOICE_NOT_FOUND", "description": "Không tìm thấy hóa đơn", "result": None}
            return {"errorCode": None, "description": None, "result": [rec["result"]]}

    def _problems(self, tax: str, body: dict) -> str:
        gen, items = body["generalInvoiceInfo"], body["itemInfo"]
        if tax != self.tax_code or body["sellerInfo"]["sellerTaxCode"] != tax:
            return "sellerTaxCode không khớp tài khoản"
        if gen["invoiceSeries"] not in self.series:
            return f"Ký hiệu hóa đơn {gen['invoiceSeries']} chưa được đăng ký"
        if gen.get("validation") != 1:
            return ""
        for it in items:
            if it["itemTotalAmountWithoutTax"] - it.get("itemDiscount", 0) != it["itemTotalAmountAfterDiscount"]:
                return f"Dòng {it['lineNumber']}: tiền hàng - chiết khấu khác tiền sau chiết khấu"
            if it["itemTotalAmountAfterDiscount"] + it["taxAmount"] != it["itemTotalAmountWithTax"]:
                return f"Dòng {it['lineNumber']}: tiền trước thuế + thuế khác thành tiền"
        for br in body["taxBreakdowns"]:
            rows = [i for i in items if i["taxPercentage"] == br["taxPercentage"]]
            if br["taxableAmount"] != _sum(rows, "itemTotalAmountAfterDiscount") or br["taxAmount"] != _sum(rows, "taxAmount"):
                return f"Tổng hợp thuế suất {br['taxPercentage']}% không khớp các dòng"
        s = body["summarizeInfo"]
        if s["totalAmountWithoutTax"] != _sum(items, "itemTotalAmountAfterDiscount") or \
                s["totalTaxAmount"] != _sum(items, "taxAmount") or \
                s["totalAmountWithTax"] != s["totalAmountWithoutTax"] + s["totalTaxAmount"]:
            return "Tổng tiền hóa đơn không khớp"
        return ""

    def _create(self, tax: str, body: dict):
        why = self._problems(tax, body)
        if why:
            return {"errorCode": "INVALID_INVOICE", "description": why, "result": None}
        gen = body["generalInvoiceInfo"]
        rec = {"body": body, "result": {"supplierTaxCode": tax, "invoiceNo": gen.get("invoiceNo") or gen["invoiceSeries"],
                                        "transactionID": uuid.uuid4().hex, "reservationCode": uuid.uuid4().hex[:10].upper()}}
        if self._store(gen["transactionUuid"], rec) is not None:
            return {"errorCode": "TRANSACTION_UUID_EXISTED", "description": "transactionUuid đã tồn tại", "result": None}
        return {"errorCode": None, "description": None, "result": rec["result"]}


class FakeMisa(Fake):
    def __init__(self, *a, app_id: str = "app-ocop", **kw):
        super().__init__(*a, **kw)
        self.app_id = app_id
        app = self.app

        def authed(request: Request) -> bool:
            auth = request.headers.get("authorization", "")
            return self._use(auth[7:] if auth.startswith("Bearer ") else "")

        @app.post("/auth/token")
        async def token(request: Request):
            body = await request.json()
            if self.down:
                return JSONResponse({"Success": False, "ErrorCode": "ServiceUnavailable"}, 503)
            if body.get("appid") != self.app_id:
                return {"Success": False, "ErrorCode": "InvalidAppID", "Data": None}
            if body.get("username") != self.username or body.get("password") != self.password or \
                    body.get("taxcode") != self.tax_code:
                return {"Success": False, "ErrorCode": "UserNameOrPasswordInvalid", "Data": None}
            return {"Success": True, "ErrorCode": None, "Data": self._new_token()}

        @app.post("/itg/invoicepublishing/createinvoice")
        def create(body: dict, request: Request):
            self._wait()
            if self.down:
                return JSONResponse({"Success": False, "ErrorCode": "ServiceUnavailable"}, 503)
            if not authed(request):
                return JSONResponse({"Success": False, "ErrorCode": "TokenExpiredCode"}, 401)
            if self.fail_next:
                status, answer = self.fail_next.pop(0)
                return JSONResponse(answer, status)
            return {"Success": True, "ErrorCode": None,
                    "Data": json.dumps([self._create(inv) for inv in body["InvoiceData"]], ensure_ascii=False)}

        @app.post("/itg/invoicepublished/invoicestatus")
        def status(refs: list[str], request: Request, inputType: str = "2"):
            self._wait()
            if self.down:
                return JSONResponse({"Success": False, "ErrorCode": "ServiceUnavailable"}, 503)
            if not authed(request):
                return JSONResponse({"Success": False, "ErrorCode": "TokenExpiredCode"}, 401)
            with self.lock:
                self.lookups += 1
                found = [self.invoices[r]["result"] for r in refs if r in self.invoices]
            return {"Success": True, "ErrorCode": None, "Data": json.dumps(found, ensure_ascii=False)}

    def _problems(self, inv: dict) -> str:
        if inv["SellerTaxCode"] != self.tax_code:
            return "InvalidSellerTaxCode"
        if inv["InvSeries"] not in self.series:
            return "InvalidInvSeries"
        d = inv["OriginalInvoiceDetail"]
        if any(x["Amount"] - x["DiscountAmount"] != x["AmountWithoutVAT"] for x in d):
            return "InvalidAmountWithoutVAT"
        if inv["TotalSaleAmount"] - inv["TotalDiscountAmount"] != inv["TotalAmountWithoutVAT"]:
            return "InvalidTotalSaleAmount"
        if inv["TotalAmountWithoutVAT"] != _sum(d, "AmountWithoutVAT") or inv["TotalVATAmount"] != _sum(d, "VATAmount"):
            return "InvalidTotalAmountWithoutVAT"
        if inv["TotalAmount"] != inv["TotalAmountWithoutVAT"] + inv["TotalVATAmount"]:
            return "InvalidTotalAmount"
        for t in inv["TaxRateInfo"]:
            rows = [x for x in d if x["VATRateName"] == t["VATRateName"]]
            if t["AmountWithoutVATOC"] != _sum(rows, "AmountWithoutVAT") or t["VATAmountOC"] != _sum(rows, "VATAmount"):
                return "InvalidTaxRateInfo"
        return ""

    def _create(self, inv: dict) -> dict:
        why = self._problems(inv)
        if why:
            return {"RefID": inv["RefID"], "ErrorCode": why}
        rec = {"body": inv, "result": {"RefID": inv["RefID"], "TransactionID": uuid.uuid4().hex.upper()[:12],
                                       "InvNo": inv.get("InvNo") or "", "ErrorCode": None}}
        if self._store(inv["RefID"], rec) is not None:
            return {"RefID": inv["RefID"], "ErrorCode": "DuplicateRefID"}
        return rec["result"]


class Served:
    """A fake's app under uvicorn in a thread on a free loopback port."""

    def __init__(self, fake: Fake):
        import uvicorn

        self.fake = fake
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(fake.app, log_config=None, access_log=False,
                                                    limit_concurrency=1000, backlog=2048))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]}, daemon=True)
        self.thread.start()
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("fake provider thread died")
            time.sleep(0.01)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
