"""Customer pole display, 2 lines x 20 characters, Epson DM-D110 style (ESC/POS display commands)
over a serial line.

Commands used: ESC @ (initialise), US MD1 = 0x1F 0x01 (overwrite mode), FF = 0x0C (clear, cursor
home), US $ x y = 0x1F 0x24 x y (cursor to column x, line y, both from 1). Most such displays have
no Vietnamese characters, so text is folded to ASCII ("Muối" -> "Muoi") unless a code page slot
is configured.

Writes happen on the display's own thread and only the newest screen is kept: a scan never waits
on a 9600-baud line, and an unplugged display only shows up as a state."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable

import serial

from pos.money import fmt_vnd
from pos.text import ascii_fold_display

from .escpos_job import encode_cp1258

ESC_INIT = b"\x1b@"
OVERWRITE = b"\x1f\x01"
CLEAR = b"\x0c"

WORDS = {
    "vi": {"welcome": ("Xin chao quy khach", "OCOP - Dac san Viet"), "total": "TONG CONG", "paid": "Khach dua",
           "change": "Tien thua", "thanks": "Cam on quy khach!"},
    "en": {"welcome": ("Welcome", "OCOP Vietnam"), "total": "TOTAL", "paid": "Paid", "change": "Change",
           "thanks": "Thank you!"},
}


def cursor(col: int, line: int) -> bytes:
    return b"\x1f\x24" + bytes((col, line))


def money(amount: int) -> str:
    return fmt_vnd(int(amount), symbol=False) + "d"


def fit(left: str, right: str = "", width: int = 20) -> str:
    """One display line: left text, right-aligned value; the left part gives way."""
    room = width - len(right) - (1 if right else 0)
    left = left[: max(0, room)]
    return (left + " " * (width - len(left) - len(right)) + right)[:width]


class PoleDisplay:
    def __init__(self, port: str, baudrate: int = 9600, columns: int = 20, lang: str = "vi",
                 codepage_slot: int | None = None, welcome: tuple[str, str] | None = None,
                 on_state: Callable[[dict], None] | None = None, retry_s: float = 2.0,
                 idle_s: float | None = 120.0):
        self.port = port
        self.baudrate = baudrate
        self.columns = columns
        self.lang = lang if lang in WORDS else "vi"
        self.codepage_slot = codepage_slot
        self.welcome_lines = welcome or WORDS[self.lang]["welcome"]
        self.on_state = on_state
        self.retry_s = retry_s
        self.idle_s = idle_s  # back to the welcome line after this long without a new screen
        self._idle_since: float | None = None  # set while something other than the welcome shows
        self.state = {"display": "unknown", "detail": ""}
        self._screen: tuple[str, str] | None = None
        self._cond = threading.Condition()
        self._halt = False
        self._serial: serial.Serial | None = None
        self._thread = threading.Thread(target=self._run, name="pole-display", daemon=True)

    # -- what the kiosk calls (any thread, never blocks on the device) -------------------
    def start(self) -> "PoleDisplay":
        self._thread.start()
        self.welcome()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        with self._cond:
            self._halt = True
            self._cond.notify()
        self._thread.join(timeout)

    def show(self, line1: str, line2: str = "") -> None:
        with self._cond:
            self._screen = (line1, line2)
            self._idle_since = time.monotonic()
            self._cond.notify()

    def welcome(self) -> None:
        with self._cond:
            self._screen = tuple(self.welcome_lines)
            self._idle_since = None
            self._cond.notify()

    def show_item(self, name: str, price: int, qty_text: str = "", amount: int | None = None) -> None:
        """A scanned item: its name on top, quantity x price and amount below. qty_text as the
        kiosk writes it ("2", "x2", "350 g"); when the line is too long only the quantity stays,
        never a truncated price."""
        qty = (qty_text or "").strip()
        qty = qty[1:].strip() if qty[:1] in ("x", "×") else qty
        right = money(price if amount is None else amount)
        if not qty or qty == "1" or amount is None:
            self.show(name, fit("", right, self.columns))
            return
        left = f"{qty} x {money(price)}"
        if len(left) + 1 + len(right) > self.columns:
            left = qty
        self.show(name, fit(left, right, self.columns))

    def show_total(self, total: int) -> None:
        w = WORDS[self.lang]
        self.show(fit(w["total"], "", self.columns), fit("", money(total), self.columns))

    def show_change(self, paid: int, change: int) -> None:
        w = WORDS[self.lang]
        self.show(fit(w["paid"], money(paid), self.columns), fit(w["change"], money(change), self.columns))

    # -- bytes ---------------------------------------------------------------------------
    def encode(self, text: str) -> bytes:
        if self.codepage_slot is not None:
            return encode_cp1258(text)
        return ascii_fold_display(text).encode("ascii", "replace")

    def frame(self, line1: str, line2: str) -> bytes:
        def line(t: str) -> bytes:
            data = self.encode(t)[: self.columns]
            return data + b" " * (self.columns - len(data))

        return CLEAR + cursor(1, 1) + line(line1) + cursor(1, 2) + line(line2)

    def _init_bytes(self) -> bytes:
        out = ESC_INIT + OVERWRITE
        if self.codepage_slot is not None:
            out += b"\x1bt" + bytes((self.codepage_slot,))
        return out

    # -- the device thread ---------------------------------------------------------------
    def _set_state(self, state: str, detail: str = "") -> None:
        if self.state == {"display": state, "detail": detail}:
            return
        self.state = {"display": state, "detail": detail}
        if self.on_state:
            try:
                self.on_state(dict(self.state))
            except Exception:
                pass

    def _close(self) -> None:
        if self._serial is not None:
            try:
                self._serial.close()
            except Exception:
                pass
        self._serial = None

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._screen is None and not self._halt:
                    if self.idle_s and self._idle_since is not None:
                        left = self.idle_s - (time.monotonic() - self._idle_since)
                        if left <= 0:  # the customer left: greet the next one
                            self._screen = tuple(self.welcome_lines)
                            self._idle_since = None
                            break
                        self._cond.wait(left)
                    else:
                        self._cond.wait()
                if self._halt:
                    break
                screen = self._screen
                self._screen = None
            try:
                if self._serial is None:
                    self._serial = serial.Serial(self.port, self.baudrate, timeout=1, write_timeout=2)
                    self._serial.write(self._init_bytes())
                self._serial.write(self.frame(*screen))
                self._serial.flush()
                self._set_state("ok")
            except (serial.SerialException, OSError, ValueError) as exc:
                self._close()
                self._set_state("offline", str(exc))
                with self._cond:  # keep the newest screen for when the display is back
                    if self._screen is None:
                        self._screen = screen
                    if not self._halt:
                        self._cond.wait(self.retry_s)
        self._close()
