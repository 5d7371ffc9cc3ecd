"""A real TCP listener on 127.0.0.1 stands in for a port-9100 printer."""
from __future__ import annotations

import pytest

from printers import devices, escpos_job, receipt
from escpos_parse import parse
from loopback_devices import TcpPrinter, free_port
from receipt_samples import sale_doc


@pytest.fixture
def printer():
    p = TcpPrinter()
    yield p
    p.stop()


def test_status_ok_and_job_arrives_whole(printer):
    p = devices.open_printer(printer.settings)
    try:
        assert devices.query_status(p, 2.0).state == devices.OK
        data = escpos_job.raster_job(receipt.render(sale_doc(3), 576))
        devices.send(p, data)
        assert devices.query_status(p, 2.0).state == devices.OK
    finally:
        devices.close_quietly(p)
    assert printer.got_job.wait(10)
    received = printer.connections[0]
    assert data in bytes(received)
    assert len(parse(bytes(received)).images) >= 1


@pytest.mark.parametrize("mode,state", [("paper_out", devices.PAPER_OUT), ("cover_open", devices.COVER_OPEN)])
def test_status_reports_paper_and_cover(mode, state):
    tp = TcpPrinter(mode=mode)
    try:
        st = devices.probe(tp.settings, 2.0)
        assert st.state == state and not st.can_print
    finally:
        tp.stop()


def test_silent_printer_is_unknown_not_ok():
    tp = TcpPrinter(mode="silent")
    try:
        st = devices.probe(tp.settings, 0.3)
        assert st.state == devices.UNKNOWN
        assert tp.status_queries >= 1  # it was asked and said nothing
    finally:
        tp.stop()


def test_no_printer_listening_is_offline():
    st = devices.probe({"kind": "network", "host": "127.0.0.1", "port": free_port()}, 0.5)
    assert st.state == devices.OFFLINE
    with pytest.raises(devices.PrinterError):
        devices.open_printer({"kind": "network", "host": "127.0.0.1", "port": free_port()}, 1.0)


def test_job_cut_off_by_the_printer_is_detected(printer):
    """The printer resets the connection after 1.000 bytes of a ~100 KB job. Sending may or may not
    raise; asking the status afterwards must tell us the receipt was not printed."""
    printer.mode = "cut"
    data = escpos_job.raster_job(receipt.render(sale_doc(10), 576))
    p = devices.open_printer(printer.settings)
    with pytest.raises(devices.ConnectionClosed):
        try:
            devices.send(p, data)
        except devices.ConnectionClosed:
            raise
        except devices.PrinterError as exc:  # some other socket error while sending: same meaning
            raise devices.ConnectionClosed(str(exc)) from exc
        devices.query_status(p, 2.0)
    devices.close_quietly(p)
    assert len(printer.connections[0]) <= 1000


def test_bad_settings_are_a_clear_error():
    with pytest.raises(devices.PrinterError) as e:
        devices.open_printer({"kind": "network"})
    assert "host" in str(e.value)
    with pytest.raises(devices.PrinterError):
        devices.open_printer({"kind": "none"})


def test_file_printer_writes_bytes_and_status_is_unknown(tmp_path):
    path = tmp_path / "lp0"
    path.write_bytes(b"")
    p = devices.open_printer({"kind": "file", "path": str(path)})
    data = escpos_job.raster_job(receipt.render(sale_doc(1), 384))
    devices.send(p, data)
    assert devices.query_status(p).state == devices.UNKNOWN  # a device file cannot answer
    devices.close_quietly(p)
    assert path.read_bytes() == data


def test_usb_printer_that_is_not_plugged_in_is_offline():
    with pytest.raises(devices.PrinterError) as e:
        devices.open_printer({"kind": "usb", "vendor_id": 0x04B8, "product_id": 0x0E15}, 1.0)
    assert e.value.state == devices.OFFLINE
    assert devices.probe({"kind": "usb", "vendor_id": 0x04B8, "product_id": 0x0E15}).state == devices.OFFLINE


def test_status_wait_does_not_shorten_the_send_timeout(printer):
    """A printer accepts data at print speed: the job's sends keep the connection's timeout even
    after a short DLE EOT wait."""
    p = devices.open_printer(printer.settings, timeout=7.0)
    try:
        devices.query_status(p, 0.2)
        assert p.device.gettimeout() == 7.0
    finally:
        devices.close_quietly(p)
