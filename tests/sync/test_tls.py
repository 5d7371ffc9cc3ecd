"""Kiosk <-> server over real TLS on loopback, with a throwaway CA (trustme): the kiosk trusts the
CA it was given at enrollment and nothing else, refuses plain http to another machine unless that
was allowed, and the office's cookies and client addresses follow the TLS and proxy settings."""
from __future__ import annotations

import logging
import socket
import subprocess
import sys
import time

import pytest
import requests
import trustme

from pos import outbox
from pos.store import Store
from sync.client import CertificateRefused, InsecureServer, enroll, sync_once

from syncrig import ROOT, ThreadServer, assert_same_books, free_port, make_kiosk, register, sell


def run_here(capsys, *args):
    """main.py's command line in this process: (exit code, stdout, stderr)."""
    import main

    capsys.readouterr()
    code = main.main(list(args))
    out = capsys.readouterr()
    return Ran(code, out.out, out.err)


class Ran:
    def __init__(self, code, out, err):
        self.returncode, self.stdout, self.stderr = code, out, err


def cert_files(tmp_path, name: str, hosts=("127.0.0.1", "localhost")):
    """A CA, a server certificate it signed for `hosts`, as PEM files: (ca, cert, key)."""
    ca = trustme.CA(organization_name=f"So Cong Thuong {name}")
    issued = ca.issue_cert(*hosts)
    paths = [tmp_path / f"{name}-ca.pem", tmp_path / f"{name}-cert.pem", tmp_path / f"{name}-key.pem"]
    ca.cert_pem.write_to_path(str(paths[0]))
    issued.cert_chain_pems[0].write_to_path(str(paths[1]))
    issued.private_key_pem.write_to_path(str(paths[2]))
    return [str(p) for p in paths]


@pytest.fixture
def province(tmp_path):
    return cert_files(tmp_path, "province")


@pytest.fixture
def tls_server(database_url, province):
    _ca, cert, key = province
    srv = ThreadServer(database_url, ssl_certfile=cert, ssl_keyfile=key).start()
    yield srv
    srv.stop()


def test_enroll_push_pull_over_https_with_the_province_ca(tls_server, province, tmp_path, capsys):
    from central.catalog import pull as central

    ca, _cert, _key = province
    assert tls_server.url.startswith("https://127.0.0.1:")
    store, ids = make_kiosk(tmp_path / "kiosk.db", "HT01")
    sell(store, ids, 12)
    code = register(tls_server, "HT01")
    store.close()
    done = run_here(capsys, "enroll", "--db", str(tmp_path / "kiosk.db"), "--server", tls_server.url,
                    "--device", "HT01", "--code", code, "--ca-file", ca)
    assert done.returncode == 0, done.stderr
    with tls_server.engine.begin() as c:
        central.set_settings(c, "HN-BOOTH", {"receipt_footer": "Cảm ơn quý khách!"})
    with Store(tmp_path / "kiosk.db") as store:
        assert store.settings()["sync_ca_pem"] == open(ca).read()  # kept in the kiosk's own data
        report = sync_once(store)  # every later request trusts that CA, and only over https
        assert report.unsynced == 0 and report.pushed == outbox.count(store)
        assert store.setting("receipt_footer") == "Cảm ơn quý khách!"  # pulled over https
        assert_same_books(store, tls_server.engine)


def test_a_certificate_from_another_ca_is_refused_and_the_kiosk_keeps_its_events(tls_server, province, tmp_path,
                                                                                capsys, database_url):
    ca, _cert, _key = province
    other_ca, other_cert, other_key = cert_files(tmp_path, "impostor")
    store, ids = make_kiosk(tmp_path / "kiosk.db", "HT02")
    code = register(tls_server, "HT02")
    store.close()
    for extra in (["--ca-file", other_ca], []):  # the wrong CA; the public CAs
        bad = run_here(capsys, "enroll", "--db", str(tmp_path / "kiosk.db"), "--server", tls_server.url,
                       "--device", "HT02", "--code", code, *extra)
        assert bad.returncode == 1
        assert bad.stderr.startswith("error: enrollment failed: the server's certificate is not trusted (")
        assert bad.stderr.count("\n") == 1, bad.stderr
    with Store(tmp_path / "kiosk.db") as store:
        assert not store.settings().get("sync_token")
        enroll(store, tls_server.url, "HT02", code, ca_file=ca)
        sell(store, ids, 5)
        before = outbox.unsynced_count(store)
    impostor = ThreadServer(f"sqlite:///{tmp_path / 'impostor.sqlite3'}", ssl_certfile=other_cert,
                            ssl_keyfile=other_key).start()
    try:
        with Store(tmp_path / "kiosk.db") as store:  # the kiosk's address now leads to someone else
            store.set_settings(server_url=impostor.url)
            with pytest.raises(CertificateRefused, match="certificate verify failed|unable to get local issuer"):
                sync_once(store)
            assert outbox.unsynced_count(store) == before
            assert "not trusted" in store.setting("sync_last_error")
        with impostor.engine.connect() as c:
            assert c.exec_driver_sql("SELECT count(*) FROM events").scalar() == 0
        with Store(tmp_path / "kiosk.db") as store:  # back to the real server: everything arrives
            store.set_settings(server_url=tls_server.url)
            assert sync_once(store, pull=False).unsynced == 0
            assert_same_books(store, tls_server.engine)
    finally:
        impostor.stop()


def test_a_certificate_for_another_name_is_refused_even_from_the_trusted_ca(tmp_path):
    ca, cert, key = cert_files(tmp_path, "province", hosts=("ocop.soct.example.vn",))
    srv = ThreadServer(f"sqlite:///{tmp_path / 'central.sqlite3'}", ssl_certfile=cert, ssl_keyfile=key).start()
    try:
        store, _ids = make_kiosk(tmp_path / "kiosk.db", "HT04")
        with pytest.raises(CertificateRefused, match="mismatch, certificate is not valid for '127.0.0.1'"):
            enroll(store, srv.url, "HT04", register(srv, "HT04"), ca_file=ca)
        assert not store.settings().get("sync_token")
        store.close()
    finally:
        srv.stop()


def this_machine_address() -> str | None:
    """An address of this machine that is not loopback (none on a machine without a network)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing interface
            host = s.getsockname()[0]
        except OSError:
            return None
    return None if host.startswith("127.") or host == "0.0.0.0" else host


def test_plain_http_to_another_machine_is_refused_unless_allowed_at_enrollment(tmp_path, capsys):
    store, ids = make_kiosk(tmp_path / "kiosk.db", "HT03")
    store.close()
    with Store(tmp_path / "kiosk.db") as store:
        with pytest.raises(InsecureServer, match="refusing plain http:// to 10.20.30.40"):
            enroll(store, "http://10.20.30.40:8080", "HT03", "AAAA-BBBB-CCCC")  # refused before any packet
    bad = run_here(capsys, "enroll", "--db", str(tmp_path / "kiosk.db"), "--server", "http://ocop.example.vn",
                   "--device", "HT03", "--code", "AAAA-BBBB-CCCC")
    assert bad.returncode == 1 and bad.stderr.startswith("error: enrollment failed: refusing plain http://")
    assert bad.stderr.count("\n") == 1
    host = this_machine_address()
    if host is None:
        pytest.skip("this machine has no non-loopback address to serve plain http on")
    srv = ThreadServer(f"sqlite:///{tmp_path / 'lan.sqlite3'}", host=host).start()
    try:
        code = register(srv, "HT03")
        with Store(tmp_path / "kiosk.db") as store:
            with pytest.raises(InsecureServer):
                enroll(store, srv.url, "HT03", code)
            enroll(store, srv.url, "HT03", code, allow_http=True)  # a trusted private network, said so
            sell(store, ids, 3)
            assert sync_once(store, pull=False).unsynced == 0  # the allowance was recorded
            store.set_settings(sync_allow_http=False)  # as an enrollment without it would leave it
            sell(store, ids, 1)
            with pytest.raises(InsecureServer):
                sync_once(store, pull=False)
            assert outbox.unsynced_count(store) == 1
    finally:
        srv.stop()


def test_loopback_http_needs_no_allowance():
    from sync.tls import url_problem

    for url in ("http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080", "https://ocop.example.vn"):
        assert url_problem(url, False) == "", url
    for url in ("http://192.168.1.10", "http://ocop.example.vn", "ftp://ocop.example.vn", "ocop.example.vn"):
        assert url_problem(url, False), url
    assert url_problem("http://192.168.1.10", True) == ""


def office_login(url: str, headers=None, verify=True) -> requests.Response:
    return requests.post(url + "/office/login", data={"username": "ketoan", "password": "so-sach-2026"},
                         headers=headers or {}, allow_redirects=False, verify=verify, timeout=30)


def add_user(server) -> None:
    from central import accounts as admin

    with server.engine.begin() as c:
        admin.create_user(c, "ketoan", "so-sach-2026", "viewer")


def test_session_cookie_is_secure_when_the_public_url_is_https(tmp_path, province):
    ca, cert, key = province
    behind_proxy = ThreadServer(f"sqlite:///{tmp_path / 'a.sqlite3'}", public_url="https://ocop.example.vn").start()
    plain = ThreadServer(f"sqlite:///{tmp_path / 'b.sqlite3'}").start()
    direct = ThreadServer(f"sqlite:///{tmp_path / 'c.sqlite3'}", ssl_certfile=cert, ssl_keyfile=key).start()
    try:
        for srv, verify, secure in ((behind_proxy, True, True), (plain, True, False), (direct, ca, True)):
            add_user(srv)
            resp = office_login(srv.url, verify=verify)
            assert resp.status_code == 303
            cookie = resp.headers["set-cookie"]
            assert "ocop_office=" in cookie and "HttpOnly" in cookie
            assert ("Secure" in cookie) is secure, (srv.url, srv.settings, cookie)
    finally:
        for srv in (behind_proxy, plain, direct):
            srv.stop()


class Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def test_forwarded_headers_are_believed_only_from_the_configured_proxies(tmp_path):
    forwarded = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
    logger = logging.getLogger("ocop.server")
    for allow, believed in (("", False), ("10.1.2.3, 192.168.0.0/16", False), ("127.0.0.1", True)):
        srv = ThreadServer(f"sqlite:///{tmp_path / f'f{len(allow)}.sqlite3'}", forwarded_allow_ips=allow).start()
        lines, level = Lines(), logger.level
        logger.addHandler(lines)
        logger.setLevel(logging.INFO)
        try:
            add_user(srv)
            cookie = office_login(srv.url, headers=forwarded).headers["set-cookie"]
            requests.get(srv.url + "/api/v1/health", headers=forwarded, timeout=30)
            # the access log is written after the reply is sent: wait for it rather than race the server thread
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not any(getattr(r, "path", "") == "/api/v1/health"
                                                          for r in list(lines.records)):
                time.sleep(0.02)
        finally:
            logger.removeHandler(lines)
            logger.setLevel(level)
            srv.stop()
        clients = {r.client for r in lines.records if getattr(r, "path", "") == "/api/v1/health"}
        assert clients == ({"203.0.113.7"} if believed else {"127.0.0.1"}), allow
        assert ("Secure" in cookie) is believed, allow  # X-Forwarded-Proto: https, from a proxy we trust


def test_client_address_is_what_logs_and_limits_use():
    from starlette.requests import Request

    from central.api.client_address import client_address
    from central.proxy import trusted_proxies

    assert client_address(Request({"type": "http", "client": ("198.51.100.4", 5555), "headers": []})) == "198.51.100.4"
    assert client_address(Request({"type": "http", "client": None, "headers": []})) == "unknown"
    assert trusted_proxies(" 10.0.0.1 ,, 192.168.0.0/24 ") == ["10.0.0.1", "192.168.0.0/24"]


def test_main_py_server_serves_https_with_cert_and_key(tmp_path, province):
    ca, cert, key = province
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "server", "--port", str(port), "--database-url",
                             f"sqlite:///{tmp_path / 's.sqlite3'}", "--cert", cert, "--key", key,
                             "--log-level", "WARNING"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline, reply = time.monotonic() + 60, None
        while reply is None and time.monotonic() < deadline and proc.poll() is None:
            try:
                reply = requests.get(f"https://127.0.0.1:{port}/api/v1/health", verify=ca, timeout=10)
            except requests.exceptions.ConnectionError:
                time.sleep(0.2)
        assert reply is not None and reply.status_code == 200, proc.stderr.read1().decode() if proc.poll() else ""
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(f"https://127.0.0.1:{port}/api/v1/health", timeout=5)  # the public CAs don't know it
    finally:  # a TLS connection that was opened while the server was still starting can hold a
        proc.terminate()  # graceful stop for asyncio's 30 s SSL shutdown timeout: not what this tests
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(30)


def test_bad_tls_options_are_one_error_line(tmp_path, capsys, province):
    _ca, cert, key = province
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    for args, says in ((["--cert", str(tmp_path / "missing.pem")], "cannot use the certificate"),
                       (["--cert", cert, "--key", cert], "cannot use the certificate"),
                       (["--key", key], "--key given without --cert"),
                       (["--public-url", "ocop.example.vn"], "--public-url must be")):
        out = run_here(capsys, "server", "--database-url", url, *args)
        assert out.returncode == 2 and out.stderr.startswith("error: ") and says in out.stderr, (args, out.stderr)
        assert out.stderr.count("\n") == 1
