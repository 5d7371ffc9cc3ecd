"""The central server's settings: one object (`Settings`, kept on `app.state.settings`), read from
arguments or OCOP_SERVER_* environment variables when it is made (not when this module is
imported: `main.py server --workers N` sets them for the worker processes it starts)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def default_database_url() -> str:
    import platformdirs

    folder = Path(platformdirs.user_data_dir("ocop-pos-server", "OCOP"))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'central.sqlite3'}"


def default_media_dir() -> str:
    import platformdirs

    return str(Path(platformdirs.user_data_dir("ocop-pos-server", "OCOP")) / "media")


def normalize_url(url: str) -> str:
    """`postgresql://` means psycopg 3 here (SQLAlchemy would otherwise pick psycopg2)."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


class SettingsError(ValueError):
    """A setting from the environment that cannot be used (the message names the variable)."""


def _env(name: str, default: str):
    return field(default_factory=lambda: os.environ.get(name, default))


def _env_int(name: str, default: int, low: int = 1, high: int = 10_000_000):
    """A whole number from the environment variable `name`, else `default`; anything else
    (words, signs, 0 where 1 is the least) is refused by name rather than read as something."""
    def read() -> int:
        text = os.environ.get(name, "").strip()
        if not text:
            return default
        if not (text.isascii() and text.isdigit() and len(text) <= len(str(high))) or not low <= int(text) <= high:
            raise SettingsError(f"{name}: expected a whole number from {low:,} to {high:,}, not {text!r}")
        return int(text)
    return field(default_factory=read)


@dataclass
class Settings:
    database_url: str = _env("OCOP_SERVER_DATABASE_URL", "")
    max_body_bytes: int = field(default_factory=lambda: int(os.environ.get("OCOP_SERVER_MAX_BODY", 8 * 1024 * 1024)))
    max_batch_events: int = 2000
    enroll_code_hours: int = 72
    user_token_hours: int = 12
    catalog_page: int = 5000
    # Sign-in and enrollment throttling (central/throttle.py): at most `*_per_address` attempts
    # from one address and `*_per_account` on one username or device code within
    # `throttle_window_s`; then that key is locked for `lockout_s`, doubling with each lockout
    # up to `lockout_max_s`. An address is stopped well before an account, so one attacker
    # cannot lock the real user out; many addresses together lock the account. Refused attempts
    # are kept in `auth_refusals` for `auth_audit_days` (the scheduler prunes older rows).
    login_per_address: int = _env_int("OCOP_SERVER_LOGIN_PER_ADDRESS", 10)
    login_per_account: int = _env_int("OCOP_SERVER_LOGIN_PER_ACCOUNT", 30)
    enroll_per_address: int = _env_int("OCOP_SERVER_ENROLL_PER_ADDRESS", 10)
    enroll_per_account: int = _env_int("OCOP_SERVER_ENROLL_PER_ACCOUNT", 10)
    throttle_window_s: int = _env_int("OCOP_SERVER_THROTTLE_WINDOW_S", 15 * 60, high=7 * 86400)
    lockout_s: int = _env_int("OCOP_SERVER_LOCKOUT_S", 60, high=7 * 86400)
    lockout_max_s: int = _env_int("OCOP_SERVER_LOCKOUT_MAX_S", 3600, high=30 * 86400)
    auth_audit_days: int = _env_int("OCOP_SERVER_AUTH_AUDIT_DAYS", 90, high=3650)
    # Bodies: enrollment and sign-in need a few hundred bytes; a reconciliation at most 400 days
    # of figures (~80 KB; sync/protocol.py MAX_RECONCILE_DAYS). JSON nested deeper than `max_json_depth` is refused before it is parsed.
    max_enroll_bytes: int = 4096
    max_reconcile_bytes: int = 256 * 1024
    max_json_depth: int = 32
    log_level: str = _env("OCOP_SERVER_LOG_LEVEL", "INFO")
    migrate: bool = field(default_factory=lambda: os.environ.get("OCOP_SERVER_MIGRATE", "1") != "0")  # upgrade on start
    # HTTPS served by the server itself (central/tls.py): PEM certificate chain and its private key
    ssl_certfile: str = _env("OCOP_SERVER_SSL_CERT", "")
    ssl_keyfile: str = _env("OCOP_SERVER_SSL_KEY", "")
    # addresses of reverse proxies whose X-Forwarded-For/-Proto are believed (central/proxy.py):
    # comma-separated IPs or networks, "" = none (the socket's peer is the client)
    forwarded_allow_ips: str = _env("OCOP_SERVER_FORWARDED_ALLOW_IPS", "")
    # the address people and kiosks use, e.g. https://ocop.example.vn (https => Secure cookies)
    public_url: str = _env("OCOP_SERVER_PUBLIC_URL", "")
    # Fernet key that encrypts e-invoice provider credentials (central/einvoice/secrets.py); kept
    # out of the database on purpose. `main.py server einvoice-key` makes one.
    einvoice_key: str = _env("OCOP_SERVER_EINVOICE_KEY", "")
    # Product pictures and certificate documents (central/catalog/media.py), stored by content hash
    # in `media_dir` ("" = a `media` folder in the server's data folder). An upload above
    # `media_max_bytes` or an image above `media_max_pixels` (width x height, checked before it is
    # decoded: a small file can unpack to gigabytes) is refused; pictures are kept at most
    # `media_large_px` on their longer side, thumbnails `media_thumb_px`.
    media_dir: str = _env("OCOP_SERVER_MEDIA_DIR", "")
    media_max_bytes: int = 6 * 1024 * 1024
    media_max_pixels: int = 40_000_000
    media_min_px: int = 200
    media_large_px: int = 1600
    media_thumb_px: int = 320
    media_max_per_product: int = 12

    def __post_init__(self) -> None:
        # "" (what the command line passes without --database-url) means: the environment's, else
        # the default file; the field's own default alone would be overridden by that ""
        self.database_url = normalize_url(self.database_url or os.environ.get("OCOP_SERVER_DATABASE_URL", "")
                                          or default_database_url())
        self.media_dir = self.media_dir or default_media_dir()
        if self.lockout_max_s < self.lockout_s:
            raise SettingsError(f"OCOP_SERVER_LOCKOUT_MAX_S ({self.lockout_max_s}) is shorter than "
                                f"OCOP_SERVER_LOCKOUT_S ({self.lockout_s})")
