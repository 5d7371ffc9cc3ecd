"""HTTPS served by the central server itself, and the server options of `main.py server` that go
with it (certificate, key, trusted proxies, public URL).

A province can run the server directly on the internet with a certificate (Let's Encrypt or its own
CA), or behind a reverse proxy that terminates TLS; both are configured here, and both end up as
uvicorn options (ssl_certfile/ssl_keyfile) plus the app's own proxy-header handling (central/proxy.py)."""
from __future__ import annotations

import argparse
import ssl
from urllib.parse import urlsplit

from central.config import Settings


class ServeOptionError(ValueError):
    """A server option that cannot work (one `error:` line on the command line)."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cert", metavar="PEM", help="serve HTTPS with this certificate chain "
                   "(default: $OCOP_SERVER_SSL_CERT; none = plain HTTP, e.g. behind a reverse proxy)")
    p.add_argument("--key", metavar="PEM", help="the certificate's private key (default: $OCOP_SERVER_SSL_KEY; "
                   "may be left out when the --cert file holds the key too)")
    p.add_argument("--forwarded-allow-ips", metavar="IPS", help="reverse proxies whose X-Forwarded-For/-Proto "
                   "are believed, comma-separated IPs or networks, e.g. 127.0.0.1 "
                   "(default: $OCOP_SERVER_FORWARDED_ALLOW_IPS, else none)")
    p.add_argument("--public-url", metavar="URL", help="the address users and kiosks reach, e.g. "
                   "https://ocop.example.vn; https makes the office's cookies Secure "
                   "(default: $OCOP_SERVER_PUBLIC_URL)")


def settings_overrides(args) -> dict:
    """The Settings fields given on the command line (the rest come from the environment)."""
    pairs = {"ssl_certfile": args.cert, "ssl_keyfile": args.key,
             "forwarded_allow_ips": args.forwarded_allow_ips, "public_url": args.public_url}
    return {k: v for k, v in pairs.items() if v is not None}


def check(settings: Settings) -> None:
    """Refuse, before uvicorn starts, what would fail later with a traceback or serve insecurely."""
    if settings.ssl_keyfile and not settings.ssl_certfile:
        raise ServeOptionError("--key given without --cert")
    if settings.ssl_certfile:
        try:
            ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(
                settings.ssl_certfile, settings.ssl_keyfile or None)
        except (OSError, ssl.SSLError) as exc:
            raise ServeOptionError(f"cannot use the certificate {settings.ssl_certfile}"
                                   f"{' with key ' + settings.ssl_keyfile if settings.ssl_keyfile else ''}: "
                                   f"{getattr(exc, 'strerror', None) or exc}") from exc
    if settings.public_url:
        parts = urlsplit(settings.public_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ServeOptionError(f"--public-url must be http(s)://host[:port], not {settings.public_url!r}")


def uvicorn_options(settings: Settings) -> dict:
    """uvicorn.run / uvicorn.Config keyword arguments for TLS and proxies. uvicorn's own proxy
    handling is off: by default it would believe 127.0.0.1 whatever the settings say."""
    opts: dict = {"proxy_headers": False}
    if settings.ssl_certfile:
        opts.update(ssl_certfile=settings.ssl_certfile, ssl_keyfile=settings.ssl_keyfile or None)
    return opts


def environment(settings: Settings) -> dict[str, str]:
    """The same settings for worker processes (they build their own Settings from the environment)."""
    return {"OCOP_SERVER_SSL_CERT": settings.ssl_certfile, "OCOP_SERVER_SSL_KEY": settings.ssl_keyfile,
            "OCOP_SERVER_FORWARDED_ALLOW_IPS": settings.forwarded_allow_ips,
            "OCOP_SERVER_PUBLIC_URL": settings.public_url}


def secure_cookies(settings: Settings, scheme: str) -> bool:
    """Session cookies are Secure when the public URL is https, or the request itself came over
    https (served directly, or through a trusted proxy that said so)."""
    return settings.public_url.lower().startswith("https://") or scheme == "https"
