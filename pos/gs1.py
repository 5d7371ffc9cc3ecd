"""2D codes at the counter: GS1 element strings and GS1 Digital Link URIs read into what the till needs.

Sources (the formats are theirs, not ours):
  - GS1 General Specifications (release 24.0): §3 the application identifiers used here, (01)
    GTIN, (10) batch/lot, (17) use-by or expiry date, (21) serial number, (310n) net weight in kg
    with n decimals, and which AIs have a predefined length (every other field ends with FNC1,
    which scanners send as GS, ASCII 29); §7.9 the check digit; §7.11 character set 82 (lot,
    serial); §7.12 dates YYMMDD: DD = 00 is the last day of the month, and the century is the one
    that puts the year from 49 years back to 50 ahead. The symbology identifiers scanners may put
    in front are those of ISO/IEC 15424 (]d2 GS1 DataMatrix, ]Q3 GS1 QR, ]C1 GS1-128, ]e0 DataBar).
  - GS1 Digital Link URI Syntax (1.2 and later): `https://host/…/01/{gtin}[/22/…][/10/{lot}][/21/{serial}]`,
    further AIs as query parameters (`?17=271231&3103=001250`); query keys that are not digits are
    not AIs (linkType ...) and are ignored; values are percent-encoded.

Why two readers: the biip library reads every AI the GS1 tables define, but one of its parses costs
hundreds of microseconds, more than a whole scan may take at the counter (bench:
gs1_scan_lookup_p99_us). Codes made only of the AIs named above are read here directly; any other
code goes to biip, and the two give the same answer (tests/core/test_gs1.py checks them against
each other). A refused code names the field that is wrong when the checks here find it; when biip
cannot read it either, the clerk is told it is no GS1 code the till can read (biip's reason is kept
in the error's details, in English)."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from .errors import InvalidGs1Code

GS = "\x1d"  # ASCII group separator: what scanners send for FNC1
GS1_SYMBOLOGIES = ("]d2", "]Q3", "]C1", "]e0")  # ISO/IEC 15424 identifiers whose data is a GS1 element string
_SYMBOLOGY = re.compile(r"\][A-Za-z][0-9A-Za-z]")
_CSET82 = re.compile(r"[!\"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}")  # §7.11, X..20
_HRI = re.compile(r"\((\d{2,4})\)([^()]*)")
_FIXED = {"01": 14, "17": 6}  # the fast reader's predefined-length AIs (310n: 6 digits)
_VARIABLE = ("10", "21")


@dataclass(frozen=True)
class Gs1Code:
    """What a 2D code says about the item in hand."""

    gtin: str  # GTIN-14
    lot: str | None = None
    use_by: dt.date | None = None
    serial: str | None = None
    net_grams: int | None = None  # from (310n), rounded to the gram


def shown(code: str) -> str:
    """The code as a clerk can read it in a message: GS written <GS>, at most 64 characters."""
    text = code.replace(GS, "<GS>")
    return text if len(text) <= 64 else text[:61] + "..."


def strip_symbology(code: str) -> tuple[str, str]:
    """(symbology identifier or "", the data after it)."""
    if len(code) >= 3 and _SYMBOLOGY.match(code):
        return code[:3], code[3:]
    return "", code


def is_gs1(code: str) -> bool:
    """Is this a 2D/GS1 payload (rather than a plain EAN, a scale label or a SKU)?"""
    ident, data = strip_symbology(code)
    if ident in GS1_SYMBOLOGIES or GS in data or data.startswith("(01)"):
        return True
    low = data[:8].lower()
    if low.startswith(("http://", "https://")):
        return True
    # an element string without separators: (01) and its 14 digits, then more
    return len(data) > 14 and data.startswith("01") and data[2:16].isascii() and data[2:16].isdigit()


def gtin_forms(gtin: str) -> list[str]:
    """Every way a GTIN may be stored: the GTIN-14 and its shorter forms (EAN-13, UPC-A, EAN-8)
    when the GTIN-14 starts with the zeros that pad them (GS1: a GTIN is one number whatever
    its length; the GTIN-14 form pads it with leading zeros)."""
    g14 = gtin.zfill(14)
    return [g14[14 - n:] for n in (14, 13, 12, 8) if g14[: 14 - n].strip("0") == ""]


def gtin14(code: str) -> str | None:
    """The GTIN-14 form of a stored EAN-8/UPC-A/EAN-13/GTIN-14 with a right check digit, else None
    (an in-store or scale code is no GTIN: it has no public address)."""
    if not (code.isascii() and code.isdigit() and len(code) in (8, 12, 13, 14)):
        return None
    if code.startswith("2") and len(code) in (8, 13) or int(code[-1]) != check_digit(code[:-1]):
        return None  # prefix 2: restricted circulation (in-store, weighed), not a trade item number
    return code.zfill(14)


def lot_link(base_url: str, code: str, lot: str | None = None) -> str | None:
    """The GS1 Digital Link address of a product (and lot) on the centre's public pages:
    {base}/01/{GTIN-14}[/10/{lot}] (GS1 Digital Link Standard 1.2, uncompressed form; the lot
    percent-encoded as one path segment). None without a base address or a GTIN. A lot number
    outside GS1's character set 82 (a space, a Vietnamese letter typed on a delivery) cannot be a
    GS1 lot: the address is then the product's alone rather than a code no GS1 reader accepts."""
    g14 = gtin14(code or "")
    base = (base_url or "").rstrip("/")
    if g14 is None or not base.startswith(("http://", "https://")):
        return None
    url = f"{base}/01/{g14}"
    return url + "/10/" + quote(lot, safe="") if lot and _CSET82.fullmatch(lot) else url


def check_digit(body: str) -> int:
    """§7.9: the digits weighted 3, 1, 3 … from the right (every 2D scan checks one)."""
    total = 3 * sum(map(int, body[::-2])) + sum(map(int, body[-2::-2]))
    return (10 - total % 10) % 10


def use_by_date(yymmdd: str, today: dt.date) -> dt.date:
    """§7.12: the century from the window around `today`; DD = 00 is the month's last day."""
    if len(yymmdd) != 6 or not yymmdd.isascii() or not yymmdd.isdigit():
        raise ValueError(yymmdd)
    yy, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    century = today.year - today.year % 100
    diff = yy - today.year % 100
    year = century + yy - 100 if diff >= 51 else century + yy + 100 if diff <= -50 else century + yy
    if day == 0 and 1 <= month <= 12:
        day = calendar.monthrange(year, month)[1]
    return dt.date(year, month, day)


# -- the fast reader: (01) (10) (17) (21) (310n) only; None means "ask biip" ------------------
def _split(data: str) -> dict[str, str] | None:
    out: dict[str, str] = {}
    i, n = 0, len(data)
    while i < n:
        if data[i] == GS:
            i += 1
            continue
        ai = data[i:i + 2]
        if ai in _FIXED:
            end = i + 2 + _FIXED[ai]
        elif ai in _VARIABLE:
            sep = data.find(GS, i + 2)
            end = n if sep < 0 else sep
        elif data.startswith("310", i) and i + 4 <= n:
            ai, end = data[i:i + 4], i + 10
        else:
            return None
        value = data[i + len(ai):end]
        if ai in out or end > n or not value:
            return None
        out[ai] = value
        i = end
    return out


def _path_and_query(uri: str) -> tuple[str, str]:
    """urlsplit's path and query of an http(s) URI, without its cost for the plain URIs scanners
    send; anything urlsplit would clean or check (tabs, line breaks, IPv6 brackets) goes to it."""
    if any(c in uri for c in "\t\r\n[]"):
        parts = urlsplit(uri)
        return parts.path, parts.query
    rest = uri[uri.index("://") + 3:].partition("#")[0]
    rest, _, query = rest.partition("?")
    slash = rest.find("/")
    return (rest[slash:] if slash >= 0 else ""), query


def _split_uri(uri: str) -> dict[str, str] | None:
    path, query = _path_and_query(uri)
    segs = path.split("/")
    try:
        at = len(segs) - 1 - segs[::-1].index("01")  # the primary key: the last /01/ in the path
    except ValueError:
        return None
    out: dict[str, str] = {}
    pairs = segs[at:]
    if len(pairs) % 2:
        return None
    for ai, value in zip(pairs[::2], pairs[1::2]):
        if ai not in ("01", "10", "21") or ai in out:
            return None
        out[ai] = unquote(value)
    if len(out.get("01", "")) in (8, 12, 13):
        out["01"] = out["01"].zfill(14)  # Digital Link takes a GTIN-8/12/13 padded or not
    for item in filter(None, query.split("&")):
        key, _, value = item.partition("=")
        if not key.isdigit():
            continue  # linkType, context ...: not AIs
        if key != "17" and not (len(key) == 4 and key.startswith("310")) or key in out:
            return None
        out[key] = unquote(value)
    return out


# -- biip: every other AI ---------------------------------------------------------------------
def _biip_fields(data: str, uri: bool) -> dict[str, str]:
    from biip import ParseError
    from biip.gs1_digital_link_uris import GS1DigitalLinkURI
    from biip.gs1_messages import GS1Message

    try:
        parsed = GS1DigitalLinkURI.parse(data) if uri else GS1Message.parse(data)
    except ParseError as exc:
        raise InvalidGs1Code("{code} is not a GS1 code this till can read (element string or Digital Link)",
                             code=shown(data), reason=str(exc)) from exc
    out: dict[str, str] = {}
    for es in parsed.element_strings:
        ai = es.ai.ai
        if ai in ("01", "10", "17", "21") or (len(ai) == 4 and ai.startswith("310")):
            out.setdefault(ai, es.value)
    return out


def read(code: str, today: dt.date) -> Gs1Code:
    """A GS1 element string (with GS separators, a symbology identifier, or in (AI) form) or a
    Digital Link URI -> what it says, checked; InvalidGs1Code says what is wrong."""
    _, data = strip_symbology(code)
    uri = data[:8].lower().startswith(("http://", "https://"))
    if uri:
        fields = _split_uri(data)
    elif data.startswith("("):
        found = _HRI.findall(data)
        if "".join(f"({a}){v}" for a, v in found) != data:
            raise InvalidGs1Code("{code} is not a GS1 code this till can read (element string or Digital Link)",
                                 code=shown(code))
        data = GS.join(a + v for a, v in found)
        fields = _split(data)
    else:
        fields = _split(data)
    if fields is None:
        fields = _biip_fields(data, uri)
    return _checked(fields, shown(code), today)


def _checked(fields: dict[str, str], code: str, today: dt.date) -> Gs1Code:
    gtin = fields.get("01")
    if gtin is None:
        raise InvalidGs1Code("{code} names no product: a GS1 code needs a GTIN, AI (01)", code=code)
    if len(gtin) != 14 or not gtin.isascii() or not gtin.isdigit():
        raise InvalidGs1Code("{code}: the GTIN (01) must be 14 digits, not {gtin!r}", code=code, gtin=gtin)
    expected = check_digit(gtin[:-1])
    if expected != int(gtin[-1]):
        raise InvalidGs1Code("{code}: wrong check digit in GTIN {gtin}: expected {expected}", code=code,
                             gtin=gtin, expected=expected)
    if "10" in fields and not _CSET82.fullmatch(fields["10"]):
        raise InvalidGs1Code("{code}: the lot (10) must be 1 to 20 letters, digits or GS1 signs, not {value!r}",
                             code=code, value=fields["10"][:24])
    if "21" in fields and not _CSET82.fullmatch(fields["21"]):
        raise InvalidGs1Code("{code}: the serial (21) must be 1 to 20 letters, digits or GS1 signs, not {value!r}",
                             code=code, value=fields["21"][:24])
    use_by = None
    if "17" in fields:
        try:
            use_by = use_by_date(fields["17"], today)
        except ValueError:
            raise InvalidGs1Code("{code}: the use-by date (17) {value} is not a date (YYMMDD)", code=code,
                                 value=fields["17"][:12]) from None
    return Gs1Code(gtin, fields.get("10"), use_by, fields.get("21"), _grams(fields, code))


def _grams(fields: dict[str, str], code: str) -> int | None:
    weights = [(ai, v) for ai, v in fields.items() if len(ai) == 4 and ai.startswith("310")]
    if not weights:
        return None
    ai, value = weights[0]
    if not (len(value) == 6 and value.isascii() and value.isdigit() and ai[3].isdigit() and int(ai[3]) <= 5):
        raise InvalidGs1Code("{code}: the net weight ({ai}) must be 6 digits, not {value!r}", code=code, ai=ai,
                             value=value[:12])
    decimals = int(ai[3])
    grams = (int(value) * 1000 * 2 + 10**decimals) // (2 * 10**decimals)  # kg to g, half up
    if grams <= 0:
        raise InvalidGs1Code("{code}: the net weight ({ai}) is under half a gram", code=code, ai=ai)
    return grams
