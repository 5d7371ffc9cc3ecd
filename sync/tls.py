"""How the kiosk reaches its server safely: https with the certificate checked (against the
public CAs, or a province's own CA given at enrollment and kept in the kiosk's settings), and plain
http only to this machine unless it was explicitly allowed at enrollment.

The CA bundle lives in the kiosk's database (setting sync_ca_pem), so a backup of the kiosk file
keeps it; requests wants a file path for `verify=`, so it is written next to the database."""
from __future__ import annotations

import hashlib
import ipaddress
import ssl
from pathlib import Path
from urllib.parse import urlsplit


class TransportError(Exception):
    """Base of the errors below; sync/client.py turns them into SyncError subclasses."""


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_problem(url: str, allow_http: bool) -> str:
    """Why this server URL must not be used ('' when it may): not http(s), or plain http to
    another machine without the explicit allowance."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"the server address must look like https://host[:port], not {url!r}"
    if parts.scheme == "http" and not allow_http and not is_loopback(parts.hostname):
        return (f"refusing plain http:// to {parts.hostname}: sales and tokens would cross the network "
                "unencrypted; use https://, or enroll with --allow-http on a trusted private network")
    return ""


def read_ca_file(path: str) -> str:
    """The PEM text of a CA bundle, checked to hold at least one certificate Python can use."""
    try:
        text = Path(path).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise TransportError(f"cannot read the CA file {path}: {getattr(exc, 'strerror', None) or exc}") from exc
    try:
        ssl.create_default_context(cadata=text)
    except (ssl.SSLError, ValueError) as exc:
        raise TransportError(f"{path} holds no usable PEM certificate: {exc}") from exc
    return text


def ca_path(db_path: Path, pem: str) -> str:
    """The kiosk's CA bundle as a file for requests' verify= (rewritten when it differs)."""
    path = Path(db_path).with_name(Path(db_path).name + ".server-ca.pem")
    if not path.is_file() or hashlib.sha256(path.read_bytes()).digest() != hashlib.sha256(pem.encode()).digest():
        tmp = path.with_suffix(".tmp")
        tmp.write_text(pem, encoding="ascii")
        tmp.replace(path)
    return str(path)


def certificate_reason(exc: BaseException) -> str:
    """The verification failure inside requests' wrapped exceptions ('unable to get local issuer
    certificate', "hostname mismatch ..."), else the exception's own text."""
    seen, todo = set(), [exc]
    while todo:
        e = todo.pop(0)
        if id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, ssl.SSLCertVerificationError):
            return e.verify_message or str(e)
        if isinstance(e, ssl.SSLError):
            return e.reason or str(e)
        todo += [a for a in getattr(e, "args", ()) if isinstance(a, BaseException)]
        todo += [x for x in (getattr(e, "reason", None), e.__cause__, e.__context__) if isinstance(x, BaseException)]
    return str(exc)[:200]
