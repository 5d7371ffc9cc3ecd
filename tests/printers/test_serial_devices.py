"""Serial devices on pty pairs: a serial receipt printer, the customer pole display, a serial
barcode scanner that is unplugged and plugged back in."""
from __future__ import annotations

import os
import threading
import time

import pytest

from printers import devices, escpos_job, receipt
from printers.hub import DeviceHub
from printers.pole_display import PoleDisplay
from printers.serial_scanner import SerialScanner
from escpos_parse import parse
from loopback_devices import ST_OK, Pty
from receipt_samples import sale_doc


def wait_for(pred, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = pred()
        if value:
            return value
        time.sleep(0.03)
    raise AssertionError("condition not reached")


@pytest.fixture
def pty_pair():
    p = Pty()
    yield p
    p.close()


class Screen:
    """A 2x20 display emulator for the commands we send (ESC @, US MD1, FF, US $ x y, text)."""

    def __init__(self):
        self.rows = [[" "] * 20 for _ in range(2)]
        self.x = self.y = 0
        self.inits = 0

    def feed(self, data: bytes) -> None:
        i = 0
        while i < len(data):
            b = data[i]
            if data[i : i + 2] == b"\x1b@":
                self.inits += 1
                self.__init_screen()
                i += 2
            elif data[i : i + 2] == b"\x1f\x01":
                i += 2
            elif data[i : i + 2] == b"\x1f\x24":
                self.x, self.y = data[i + 2] - 1, data[i + 3] - 1
                i += 4
            elif b == 0x0C:
                self.__init_screen()
                i += 1
            else:
                assert 32 <= b < 127, f"display got non-ASCII byte {b:#x}"
                if self.x < 20:
                    self.rows[self.y][self.x] = chr(b)
                self.x += 1
                i += 1

    def __init_screen(self):
        self.rows = [[" "] * 20 for _ in range(2)]
        self.x = self.y = 0

    def lines(self) -> tuple[str, str]:
        return "".join(self.rows[0]), "".join(self.rows[1])


def test_serial_printer_receives_the_job_and_answers_status(pty_pair):
    def answer():  # the printer side: read everything, answer each DLE EOT
        buf = b""
        while True:
            try:
                chunk = os.read(pty_pair.master, 65536)
            except OSError:
                return
            buf += chunk
            received.append(chunk)
            if chunk.endswith(b"\x10\x04\x01") or chunk.endswith(b"\x10\x04\x02") or chunk.endswith(b"\x10\x04\x04"):
                os.write(pty_pair.master, bytes((ST_OK,)))

    received: list[bytes] = []
    threading.Thread(target=answer, daemon=True).start()
    p = devices.open_printer({"kind": "serial", "port": pty_pair.path, "baudrate": 115200})
    try:
        assert devices.query_status(p, 2.0).state == devices.OK
        doc = sale_doc(2, "vi", "cash")
        data = escpos_job.raster_job(receipt.render(doc, 384))
        devices.send(p, data)
        devices.wait_drained(p)
        assert devices.query_status(p, 2.0).state == devices.OK
    finally:
        devices.close_quietly(p)
    wait_for(lambda: data in b"".join(received))
    job = parse(data)
    assert job.page().size == (384, receipt.render(doc, 384).height)


def test_pole_display_shows_items_totals_and_welcome(pty_pair):
    screen = Screen()
    states = []
    disp = PoleDisplay(pty_pair.path, 9600, lang="vi", on_state=states.append)
    disp.start()
    try:
        data = pty_pair.read_until(lambda d: b"Xin chao" in d)
        screen.feed(data)
        assert screen.inits == 1
        assert screen.lines() == ("Xin chao quy khach  ", "OCOP - Dac san Viet ")
        disp.show_item("Muối hầm Bạc Liêu 500 g", 45000, "2", 90000)
        screen.feed(pty_pair.read_until(lambda d: d.endswith(b"90.000d")))
        assert screen.lines() == ("Muoi ham Bac Lieu 50", "2 x 45.000d  90.000d")
        disp.show_item("Khô cá lóc Phước Long", 420000, "350 g", 147000)
        screen.feed(pty_pair.read_until(lambda d: d.endswith(b"147.000d")))
        assert screen.lines() == ("Kho ca loc Phuoc Lon", "350 g       147.000d")
        disp.show_item("Kẹo dừa", 35000, "x1", 35000)
        screen.feed(pty_pair.read_until(lambda d: d.endswith(b"35.000d")))
        assert screen.lines() == ("Keo dua             ", "             35.000d")
        disp.show_total(1465000)
        screen.feed(pty_pair.read_until(lambda d: d.endswith(b"1.465.000d")))
        assert screen.lines() == ("TONG CONG           ", "          1.465.000d")
        disp.show_change(1500000, 35000)
        screen.feed(pty_pair.read_until(lambda d: d.endswith(b"35.000d")))
        assert screen.lines() == ("Khach dua 1.500.000d", "Tien thua    35.000d")
        disp.welcome()
        screen.feed(pty_pair.read_until(lambda d: d.endswith(b"Viet ")))
        assert screen.lines()[0] == "Xin chao quy khach  "
        assert states[-1]["display"] == "ok"
    finally:
        disp.stop()


def test_pole_display_returns_to_welcome_when_idle(pty_pair):
    screen = Screen()
    disp = PoleDisplay(pty_pair.path, 9600, lang="en", idle_s=0.3)
    disp.start()
    try:
        screen.feed(pty_pair.read_until(lambda d: b"OCOP Vietnam" in d))
        disp.show_change(200000, 15000)
        screen.feed(pty_pair.read_until(lambda d: d.endswith(b"15.000d")))
        assert screen.lines() == ("Paid        200.000d", "Change       15.000d")
        screen.feed(pty_pair.read_until(lambda d: d.endswith(b"OCOP Vietnam        ")))
        assert screen.lines() == ("Welcome             ", "OCOP Vietnam        ")
    finally:
        disp.stop()


def test_serial_printer_that_never_answers_is_unknown(pty_pair):
    p = devices.open_printer({"kind": "serial", "port": pty_pair.path, "baudrate": 9600})
    try:
        st = devices.query_status(p, 0.3)
        assert st.state == devices.UNKNOWN and not st.state == devices.OK
    finally:
        devices.close_quietly(p)
    assert pty_pair.read_until(lambda d: b"\x10\x04\x01" in d, 5).startswith(b"\x10\x04\x01")


def test_pole_display_missing_is_a_state_not_a_crash(tmp_path):
    states = []
    disp = PoleDisplay(str(tmp_path / "no-such-tty"), on_state=states.append, retry_s=0.05)
    disp.start()
    try:
        disp.show_total(1000)  # returns at once, whatever the device does
        wait_for(lambda: states and states[-1]["display"] == "offline")
    finally:
        disp.stop()


def test_serial_scanner_reads_codes_and_survives_unplug(tmp_path):
    link = tmp_path / "scanner"
    first = Pty()
    os.symlink(first.path, link)
    codes: list[str] = []
    states: list[dict] = []
    # frame_gap_s: the two halves of SKU-TRA-001 below are one burst however slowly this test runs
    sc = SerialScanner(str(link), codes.append, on_state=states.append, backoff_s=(0.05, 0.2), frame_gap_s=60)
    sc.start()
    second = None
    try:
        wait_for(lambda: sc.state["scanner"] == "ok")
        first.write(b"8930000000019\r\n2000000000015\r")
        first.write(b"SKU-TRA-0")
        first.write(b"01\n")
        wait_for(lambda: len(codes) == 3)
        assert codes == ["8930000000019", "2000000000015", "SKU-TRA-001"]
        # unplug: the device node disappears and the line dies
        os.unlink(link)
        first.close()
        wait_for(lambda: sc.state["scanner"] == "disconnected")
        # plug back in: a new device appears under the same name
        second = Pty()
        os.symlink(second.path, link)
        wait_for(lambda: sc.state["scanner"] == "ok" and sc.state["connects"] == 2)
        second.write(b"8930000000026\r\n")
        wait_for(lambda: len(codes) == 4)
        assert codes[-1] == "8930000000026"
        assert [s["scanner"] for s in states].count("disconnected") >= 1
    finally:
        sc.stop()
        first.close()
        if second:
            second.close()


def test_serial_scanner_keeps_the_good_code_after_line_noise(pty_pair):
    """Garbage, NULs, an STX/ETX wrapper, a long burst and every CR/LF variant before or around
    a good code: the code comes through exactly, the noise does not."""
    codes: list[str] = []
    sc = SerialScanner(pty_pair.path, codes.append, frame_gap_s=60)
    sc.start()
    try:
        wait_for(lambda: sc.state["scanner"] == "ok")
        pty_pair.write(b"\x00\xff\xfe\x13g#rbage\x00" + b"8930000000019\r\n")
        pty_pair.write(b"\x02" + b"2000000000015" + b"\x03\r")
        pty_pair.write(b"\x00\x00SKU-TRA-001\x00\n\r")
        pty_pair.write(b"\xf0" * 300 + b"8930000000026\r")
        pty_pair.write(b"x" * 300 + b"\x00" + b"8930000000033\n")
        pty_pair.write(b"\r\n\r\n\x00\xff\r")
        pty_pair.write(b"8930000000040\r\n")  # the last one shows everything before it was read
        wait_for(lambda: codes and codes[-1] == "8930000000040")
        assert codes == ["8930000000019", "2000000000015", "SKU-TRA-001", "8930000000026", "8930000000033",
                         "8930000000040"]
        assert sc.state["noise"] >= 5
    finally:
        sc.stop()


def test_serial_scanner_drops_a_burst_that_never_ends(pty_pair):
    """A partial code or printable garbage with no terminator, then silence: dropped, so it
    cannot glue itself to the front of the next scan."""
    codes: list[str] = []
    sc = SerialScanner(pty_pair.path, codes.append, frame_gap_s=0.05)
    sc.start()
    try:
        wait_for(lambda: sc.state["scanner"] == "ok")
        pty_pair.write(b"89300000")  # a scan cut off half-way
        wait_for(lambda: sc.state["noise"] == 1)
        pty_pair.write(b"8930000000019\r")
        pty_pair.write(b"q#7Zk")  # printable line noise without a terminator
        wait_for(lambda: sc.state["noise"] == 2)
        pty_pair.write(b"2000000000015\r\n")
        wait_for(lambda: len(codes) == 2)
        assert codes == ["8930000000019", "2000000000015"]
    finally:
        sc.stop()


def test_hub_wires_scanner_and_display(tmp_path):
    from pos.store import Store

    Store(tmp_path / "k.db").close()
    disp_pty, scan_pty = Pty(), Pty()
    codes = []
    hub = DeviceHub(tmp_path / "k.db", {
        "printer": {"kind": "none"}, "lang": "en",
        "customer_display": {"kind": "serial", "port": disp_pty.path, "baudrate": 9600},
        "scanner": {"kind": "serial", "port": scan_pty.path, "baudrate": 9600}}, on_scan=codes.append).start()
    try:
        screen = Screen()
        screen.feed(disp_pty.read_until(lambda d: b"OCOP Vietnam" in d))
        assert screen.lines()[0].startswith("Welcome")
        hub.show_total(250000)
        screen.feed(disp_pty.read_until(lambda d: d.endswith(b"250.000d")))
        assert screen.lines() == ("TOTAL               ", "            250.000d")
        wait_for(lambda: hub.state["scanner"].get("scanner") == "ok")
        scan_pty.write(b"8930000000033\r\n")
        wait_for(lambda: codes == ["8930000000033"])
    finally:
        hub.stop()
        disp_pty.close()
        scan_pty.close()


def test_serial_scanner_passes_2d_codes_with_their_group_separators(pty_pair):
    """What a 2D scanner sends over serial: GS1 element strings with GS (0x1d) for FNC1, with or
    without the symbology identifier, and Digital Link URLs; the codes arrive whole, GS kept."""
    codes: list[str] = []
    sc = SerialScanner(pty_pair.path, codes.append, frame_gap_s=60)
    sc.start()
    try:
        wait_for(lambda: sc.state["scanner"] == "ok")
        pty_pair.write(b"]d20108930000000019" b"10LOT12\x1d" b"17271231\r")
        pty_pair.write(b"\x1d01089300000000193103001250\x1d10L7\x1d\r\n")  # FNC1 first, a GS at the end
        pty_pair.write(b"https://id.example.vn/01/08930000000019/10/LOT12?17=271231&3103=000500\r")
        wait_for(lambda: len(codes) == 3)
        assert codes == ["]d2010893000000001910LOT12\x1d17271231", "01089300000000193103001250\x1d10L7",
                         "https://id.example.vn/01/08930000000019/10/LOT12?17=271231&3103=000500"]
    finally:
        sc.stop()
