"""Issue 4 figures: receipt rendering and render-to-printer over TCP loopback.

receipt_render_ms: median time to draw a 10-line Vietnamese receipt with a VietQR at 576 dots.
receipt_to_printer_ms: render + ESC/POS job + connect + send + DLE EOT status answer, to a
listener on 127.0.0.1 that reads like a port-9100 printer. The floor (connect, send the same
bytes, read a status answer, without rendering) is reported beside it."""
from __future__ import annotations

import socket
import statistics
import threading
import time

import common  # noqa: F401  (puts the project on sys.path)

PRODUCTS = [
    ("Muối hầm Bạc Liêu 500 g", "hũ", 45000, 8, 4), ("Mật ong rừng U Minh Hạ", "chai", 185000, 5, 5),
    ("Trà Shan tuyết cổ thụ Hà Giang", "gói", 320000, 10, 4), ("Nước mắm Phú Quốc 40 độ đạm", "chai", 95000, 8, 3),
    ("Bánh pía Sóc Trăng sầu riêng", "hộp", 78000, 8, 3), ("Cà phê Buôn Ma Thuột rang xay", "gói", 150000, 10, 4),
    ("Kẹo dừa Bến Tre", "túi", 35000, 8, 3), ("Gạo ST25 Sóc Trăng 5 kg", "bao", 210000, 5, 5),
    ("Hạt điều rang muối Bình Phước", "hũ", 165000, 8, 4), ("Tỏi Lý Sơn cô đơn", "kg", 250000, 5, 3),
]


def receipt_doc() -> dict:
    from pos import vietqr
    from pos.money import vat_part

    lines = [{"name": n, "sku": "", "qty": 2, "qty_text": "2", "unit": u, "unit_price": p, "gross": 2 * p,
              "discount": 0, "net": 2 * p, "vat_rate": r, "ocop_stars": s} for n, u, p, r, s in PRODUCTS]
    total = sum(ln["net"] for ln in lines)
    rates: dict[int, int] = {}
    for ln in lines:
        rates[ln["vat_rate"]] = rates.get(ln["vat_rate"], 0) + ln["net"]
    vat = [{"rate": r, "base": b, "amount": vat_part(b, r)} for r, b in sorted(rates.items())]
    return {
        "kind": "sale", "lang": "vi", "reprint": False,
        "store": {"name": "OCOP Bạc Liêu", "header": "Trung tâm Xúc tiến Thương mại Bạc Liêu",
                  "address": "12 Trần Phú, Phường 3, TP. Bạc Liêu", "tax_code": "1900123456", "phone": "0291 382 4567",
                  "location_name": "Điểm bán Nhà Công tử Bạc Liêu", "device_code": "HN01",
                  "footer": "Cảm ơn quý khách! Hẹn gặp lại."},
        "receipt_no": "HN01-000123", "created_at": "2026-11-22T07:05:00.000+00:00", "local_time": "22/11/2026 14:05",
        "clerk": "Nguyễn Thị Lan", "lines": lines, "subtotal": total, "line_discount_total": 0, "order_discount": 0,
        "order_discount_reason": "", "total": total, "vat": vat, "vat_total": sum(v["amount"] for v in vat),
        "payments": [{"method": "vietqr", "amount": total, "tendered": 0, "change": 0, "reference": ""}],
        "change_due": 0,
        "qr": {"kind": "vietqr", "payload": vietqr.build("970436", "1017595600", total, purpose="HD HN01-000123"),
               "caption": "Quét mã để chuyển khoản"},
        "barcode": "HN01-000123", "original_receipt_no": None, "reason": "",
    }


class _Listener:
    """Reads whatever arrives and answers each DLE EOT with 'fine' (0x12), like a printer."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                while True:
                    data = conn.recv(262144)
                    if not data:
                        break
                    if len(data) >= 3 and data[-3:-1] == b"\x10\x04":
                        conn.sendall(b"\x12")

    def close(self):
        self.sock.close()


def run(results: dict) -> None:
    from printers import devices, escpos_job, receipt

    doc = receipt_doc()
    receipt.render(doc, 576)  # fonts loaded once, as on a running kiosk
    times, cpu = [], []
    for _ in range(30):
        t, c = time.perf_counter(), time.thread_time()
        receipt.render(doc, 576)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.thread_time() - c) * 1000)
    results["receipt_render_ms"] = round(statistics.median(times), 2)
    # CPU time of the same renders: what the figure would be on an idle machine (this one is shared)
    results["receipt_render_cpu_ms"] = round(statistics.median(cpu), 2)

    listener = _Listener()
    settings = {"kind": "network", "host": "127.0.0.1", "port": listener.port}
    try:
        full, floor = [], []
        data = b""
        for _ in range(20):
            t = time.perf_counter()
            data = escpos_job.raster_job(receipt.render(doc, 576))
            p = devices.open_printer(settings)
            devices.send(p, data)
            st = devices.query_status(p, 2.0)
            devices.close_quietly(p)
            full.append((time.perf_counter() - t) * 1000)
            assert st.state == devices.OK, st
        for _ in range(20):
            t = time.perf_counter()
            p = devices.open_printer(settings)
            devices.send(p, data)
            devices.query_status(p, 2.0)
            devices.close_quietly(p)
            floor.append((time.perf_counter() - t) * 1000)
        results["receipt_to_printer_ms"] = round(statistics.median(full), 2)
        results["receipt_send_floor_ms"] = round(statistics.median(floor), 2)
        results["receipt_job_bytes"] = len(data)
    finally:
        listener.close()


if __name__ == "__main__":
    r: dict = {}
    run(r)
    print(r)
