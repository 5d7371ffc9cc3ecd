"""The payment screen's voucher mode (a mixin of ui/payment.PaymentPanel): the clerk scans the
voucher's QR (a scanner burst, routed here by the sell screen) or types its code, Enter takes it.

The code is checked on the DB worker (ui/ops/vouchers.check: the check character refuses a typo at
once, then the kiosk's own list). An enrolled kiosk then reserves the use at the centre first
(sync/vouchers.reserve) on a short-lived thread of its own, never on the UI thread or the DB
worker; a refusal is final. When the centre cannot be reached, a voucher allotted to this kiosk
is taken against the allotment, any other is refused with the reason. The sale's transaction
checks it all again (pos.sales.complete_sale). A reservation taken off the payment is released."""
from __future__ import annotations

import threading
import uuid

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from pos import payment_methods, voucher_codes
from pos.money import fmt_vnd

from .errors import error_text
from .ops import vouchers as voucher_ops


class _Reply(QObject):
    """Carries the network thread's answer to the UI thread (a queued signal)."""
    done = Signal(object, object)  # (reply or None, exception or None)


class VoucherMode:
    def _build_voucher(self) -> None:
        self.voucher_field = QLineEdit()
        self.voucher_field.setObjectName("voucher_code")
        self.voucher_field.setMaxLength(40)
        self.voucher_field.setPlaceholderText(self.tr("Scan the voucher's QR or type its code"))
        self.voucher_status = QLabel()
        self.voucher_status.setObjectName("muted")
        self.voucher_status.setWordWrap(True)
        self.voucher_box = QWidget()
        lay = QVBoxLayout(self.voucher_box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.voucher_field)
        lay.addWidget(self.voucher_status)
        self.voucher_box.hide()
        self._voucher_reply = _Reply()
        self._voucher_reply.done.connect(self._voucher_reserved, Qt.ConnectionType.QueuedConnection)
        self._voucher_busy = False

    def scan_voucher(self, code: str) -> bool:
        """A scan while paying: a voucher code is taken in the voucher mode; anything else is not ours."""
        if not voucher_codes.valid(code) or self.busy or self.remaining <= 0:
            return False
        method = next((m for m in payment_methods.all_methods() if m.redeems_voucher), None)
        if method is None:
            return False
        if self.mode != "voucher":
            self.start_method(method.code)
        self.voucher_field.setText(voucher_codes.canonical(code))
        self._take_voucher()
        return True

    def _take_voucher(self) -> None:
        if self._voucher_busy:
            return
        text = self.voucher_field.text()
        if not voucher_codes.valid(text):  # the check character: a typo is refused before anything else
            self.show_error(self.tr("This is not a voucher code: check the characters"))
            return
        self._voucher_busy = True
        self.voucher_status.setText(self.tr("Checking the voucher…"))
        self.ctx.worker.submit(voucher_ops.check, text, self.remaining, on_done=self._voucher_checked,
                               on_error=self._voucher_failed)

    def _voucher_checked(self, seen: dict) -> None:
        if not seen.get("config") and seen["offline"]:  # no centre to ask: the kiosk's own allotment
            self._voucher_part(seen["code"], seen["amount"], "")
            return
        if not seen.get("config"):
            self._voucher_failed(None, self.tr("This voucher is not allotted to this kiosk, and the kiosk is not "
                                               "connected to the central office: it cannot be accepted here."))
            return
        self.voucher_status.setText(self.tr("Asking the central office…"))
        rid, total = str(uuid.uuid4()), self.remaining
        reply = self._voucher_reply
        self._voucher_seen = {**seen, "rid": rid}  # the allotment to fall back on if the centre cannot be reached

        def ask() -> None:  # its own thread: the network may take seconds
            from sync import vouchers as online

            try:
                reply.done.emit((online.reserve(seen["config"], seen["code"], rid, total), rid, total), None)
            except Exception as exc:  # noqa: BLE001 - every failure is shown to the clerk
                reply.done.emit(None, exc)

        threading.Thread(target=ask, name="voucher-reserve", daemon=True).start()

    def _voucher_reserved(self, got, exc) -> None:
        if exc is not None:
            from sync.vouchers import VoucherRefused

            if isinstance(exc, VoucherRefused):
                self._voucher_failed(None, self.tr("The central office refused the voucher: %1").replace(
                    "%1", self._refusal(exc.reason)))
            elif self._voucher_seen.get("offline"):  # unreachable: this kiosk's own allotment pays
                seen = self._voucher_seen  # under the id tried: a reservation that did land is this same use
                self._voucher_part(seen["code"], seen["amount"], seen["rid"])
            else:
                self._voucher_failed(None, self.tr("The central office cannot be reached: a voucher not allotted "
                                                   "to this kiosk cannot be accepted offline."))
            return
        reply, rid, total = got
        self.ctx.worker.submit(voucher_ops.record_reservation, reply, rid, total,
                               on_done=lambda r: self._voucher_part(r["code"], r["amount"], r["redemption_id"]),
                               on_error=self._voucher_failed)

    def _refusal(self, reason: str) -> str:
        return {"spent": self.tr("its uses are spent (or kept for other kiosks)"),
                "expired": self.tr("it has expired"), "voided": self.tr("it was withdrawn"),
                "location": self.tr("it is not valid at this location"),
                "unknown": self.tr("no such voucher")}.get(reason, reason)

    def _voucher_part(self, code: str, amount: int, redemption_id: str) -> None:
        self._voucher_busy = False
        self.voucher_status.clear()
        self.voucher_field.clear()
        amount = min(amount, self.remaining)
        if amount <= 0:  # paid in full meanwhile: nothing left for the voucher to pay
            return
        self.parts.append({"method": self.method.code, "amount": amount, "reference": voucher_codes.masked(code),
                           "voucher_code": code, "redemption_id": redemption_id})
        self.ctx.message.emit("info", self.tr("Voucher %1 pays %2").replace("%1", voucher_codes.masked(code))
                              .replace("%2", fmt_vnd(amount)))
        self._after_part()

    def _voucher_failed(self, exc, text: str = "") -> None:
        self._voucher_busy = False
        self.voucher_status.clear()
        self.show_error(text or error_text(exc))
        self.voucher_field.setFocus()
        self.voucher_field.selectAll()

    def _release_dropped(self, before: list[dict], after: list[dict]) -> None:
        """Reservations of voucher parts the clerk took off go back (kiosk now, centre best effort)."""
        kept = {p.get("redemption_id") for p in after}
        for p in before:
            rid = p.get("redemption_id")
            if rid and rid not in kept:
                self.ctx.worker.submit(voucher_ops.release, rid,
                                       on_done=lambda config, rid=rid: self._release_online(config, rid))

    def _release_online(self, config: dict | None, rid: str) -> None:
        def tell() -> None:
            from sync import vouchers as online

            try:
                online.release(config, rid)
            except Exception:  # noqa: BLE001 - best effort: the centre keeps counting it otherwise
                pass

        if config:
            threading.Thread(target=tell, name="voucher-release", daemon=True).start()
