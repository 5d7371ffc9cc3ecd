"""The kiosk settings: their defaults, and the validation that refuses a bad value before it is stored.

The defaults live here, not in pos.store, so that the Store imports this module and nothing here
imports the Store."""
from __future__ import annotations

import re

from .errors import ValidationError
from .money import MAX_AMOUNT
from .text import is_ascii_digits

DEVICE_CODE_PATTERN = r"^[A-Z0-9]{2,12}$"  # a kiosk's code: the kiosk, the wire (sync.protocol), the centre
DEVICE_CODE = re.compile(DEVICE_CODE_PATTERN)
_HHMM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
LOCATION_KINDS = ("tourist_site", "supermarket", "hanoi_booth", "fair")

DEFAULT_SETTINGS: dict[str, object] = {
    "device_code": "KIOSK01",
    "location_name": "Điểm bán sản phẩm OCOP",
    "location_kind": "tourist_site",  # tourist_site | supermarket | hanoi_booth | fair
    "store_name": "OCOP Bạc Liêu",
    "receipt_header": "Trung tâm Xúc tiến Thương mại Bạc Liêu",
    "receipt_footer": "Cảm ơn quý khách! Hẹn gặp lại.",
    "tax_code": "",
    "address": "",
    "phone": "",
    "bank_bin": "",
    "bank_account": "",
    "bank_account_name": "",
    "discount_approval_pct": 10,  # discounts above this % of the amount need a manager
    # closing a shift whose counted cash differs from the expected by more than this (either
    # way) needs a manager: above change-rounding with small notes, below one 20.000 ₫ note
    "cash_variance_approval_vnd": 10_000,
    "max_pin_failures": 5,
    "lockout_minutes": 5,
    "idle_lock_minutes": 5,
    "lang": "vi",
    "printer": {"kind": "none"},  # none | network | serial | usb | file
    "printer_width_px": 576,
    "scanner": {"kind": "keyboard"},  # keyboard | serial (+ port, baudrate)
    "customer_display": {"kind": "none"},  # none | serial (+ port, baudrate)
    # the customer-facing monitor (ui/customer_screen.py): a screen's key as ui.customer_screen.screen_keys
    # names it ("HDMI-1", "HDMI-1#2" for the second of that name), "" for none
    "customer_screen": "",
    "server_url": "",
    "reconcile_time": "23:30",
    "public_url": "",  # the centre's public address (pulled): Digital Link QR codes on receipts and labels
    "picture_cache_mb": 256,  # the on-disk picture cache's bound (pos/picture_cache.py)
    "picture_prefetch": "thumbs",  # thumbs | all | none: what is fetched before a screen asks for it
}
PICTURE_PREFETCH = ("thumbs", "all", "none")


def validate_settings(values: dict) -> None:
    for key, value in values.items():
        if key not in DEFAULT_SETTINGS and not key.startswith(("sync_", "x_")):
            raise ValidationError("unknown setting {key!r}", field=key, key=key)
    if "device_code" in values and not DEVICE_CODE.match(str(values["device_code"])):
        raise ValidationError("device code: 2-12 capital letters or digits, e.g. HN01", field="device_code")
    if "location_kind" in values and values["location_kind"] not in LOCATION_KINDS:
        raise ValidationError("location kind must be one of {kinds}", field="location_kind",
                              kinds=", ".join(LOCATION_KINDS))
    if values.get("bank_bin") and not (is_ascii_digits(str(values["bank_bin"])) and len(str(values["bank_bin"])) == 6):
        raise ValidationError("bank BIN must be 6 digits", field="bank_bin")
    if values.get("bank_account") and not (str(values["bank_account"]).isascii() and str(values["bank_account"]).isalnum()):
        raise ValidationError("bank account: letters and digits only", field="bank_account")
    pct = values.get("discount_approval_pct")
    if pct is not None and (not isinstance(pct, int) or isinstance(pct, bool) or not 0 <= pct <= 100):
        raise ValidationError("discount approval threshold must be 0-100 %", field="discount_approval_pct")
    limit = values.get("cash_variance_approval_vnd")
    if "cash_variance_approval_vnd" in values and (not isinstance(limit, int) or isinstance(limit, bool)
                                                   or not 0 <= limit <= MAX_AMOUNT):
        raise ValidationError("cash variance needing a manager: a whole number of đồng, 0 or more",
                              field="cash_variance_approval_vnd")
    if values.get("lang") not in (None, "vi", "en"):
        raise ValidationError("language must be vi or en", field="lang")
    if "reconcile_time" in values and not _HHMM.match(str(values["reconcile_time"])):
        # the sync worker reads it every pass: a bad value would fail every pass
        raise ValidationError("nightly reconcile time must be HH:MM, e.g. 23:30", field="reconcile_time")
    url = values.get("public_url")
    if url and not (isinstance(url, str) and re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", url) and len(url) <= 200):
        raise ValidationError("public address: http(s)://host[/path], not {value!r}", field="public_url",
                              value=str(url)[:60])
    mb = values.get("picture_cache_mb")
    if "picture_cache_mb" in values and (not isinstance(mb, int) or isinstance(mb, bool) or not 16 <= mb <= 100_000):
        raise ValidationError("picture cache: a whole number of MB, 16 or more", field="picture_cache_mb")
    if "picture_prefetch" in values and values["picture_prefetch"] not in PICTURE_PREFETCH:
        raise ValidationError("picture prefetch must be thumbs, all or none", field="picture_prefetch")
    screen = values.get("customer_screen")
    if "customer_screen" in values and (not isinstance(screen, str) or len(screen) > 120 or not screen.isprintable()):
        raise ValidationError("customer screen: the name of a screen, or empty for none", field="customer_screen")
    width = values.get("printer_width_px")
    if width is not None and width not in (384, 512, 576):
        raise ValidationError("printer width must be 384, 512 or 576 dots", field="printer_width_px")
    if "scanner" in values:
        _check_scanner(values["scanner"])


SCANNER_AFFIX_MAX = 8
SCANNER_GAP_MS = (10, 200)


def _check_scanner(conf) -> None:
    """The scanner: its kind and, for a keyboard scanner, the prefix / suffix it was programmed to
    send (ui/scanner.py tells scans from typing by them) and the slowest pace still taken for one."""
    if not isinstance(conf, dict):
        raise ValidationError("scanner settings must be a mapping", field="scanner")
    for key in ("prefix", "suffix"):
        text = conf.get(key) or ""
        if not isinstance(text, str) or len(text) > SCANNER_AFFIX_MAX or not text.isprintable() \
                or any(ch.isspace() for ch in text):
            raise ValidationError("scanner {key}: at most {n} printable characters, no spaces",
                                  field=f"scanner.{key}", key=key, n=SCANNER_AFFIX_MAX)
    if conf.get("prefix") and any(ch.isalnum() or ch == "-" for ch in conf["prefix"][:1]):
        raise ValidationError("scanner prefix must start with a sign that is not in barcodes, e.g. §",
                              field="scanner.prefix")
    gap = conf.get("max_gap_ms")
    low, high = SCANNER_GAP_MS
    if gap is not None and (not isinstance(gap, int) or isinstance(gap, bool) or not low <= gap <= high):
        raise ValidationError("scanner pace: {low} to {high} ms between keys", field="scanner.max_gap_ms",
                              low=low, high=high)
