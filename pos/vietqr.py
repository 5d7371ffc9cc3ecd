"""VietQR (NAPAS 247, EMVCo merchant-presented QR) payloads.

The CRC is CRC-16/CCITT-FALSE over the payload including the '6304' tag and length, which the
standard library's binascii.crc_hqx computes with an initial value of 0xFFFF."""
from __future__ import annotations

import binascii
import json
from dataclasses import dataclass
from pathlib import Path

from .errors import InvalidAmount, ValidationError
from .text import fold, is_ascii_digits

NAPAS_GUID = "A000000727"
SERVICE_ACCOUNT = "QRIBFTTA"  # transfer to a bank account
SERVICE_CARD = "QRIBFTTC"  # transfer to a card number

BANKS_PATH = Path(__file__).resolve().parent.parent / "assets" / "napas_banks.json"


@dataclass(frozen=True)
class Bank:
    bin: str
    short_name: str
    name: str
    code: str = ""
    aliases: tuple[str, ...] = ()
    words: tuple[str, ...] = ()  # short name, name, code, aliases and BIN, tone-less: what a search matches


def load_banks(path: str | Path = BANKS_PATH) -> tuple[Bank, ...]:
    """The NAPAS member banks VietQR reaches (assets/napas_banks.json, see docs/contracts.md), checked:
    a BIN is 6 digits and names one bank, or the file is refused as a whole."""
    with open(path, encoding="utf-8") as fh:
        rows = json.load(fh)["banks"]
    banks, seen = [], set()
    for row in rows:
        bin_code, short = str(row.get("bin", "")), str(row.get("short_name", "")).strip()
        if not (len(bin_code) == 6 and is_ascii_digits(bin_code)):
            raise ValueError(f"{path}: bank BIN must be 6 digits: {bin_code!r}")
        if bin_code in seen:
            raise ValueError(f"{path}: BIN {bin_code} appears twice")
        if not short:
            raise ValueError(f"{path}: BIN {bin_code} has no short name")
        seen.add(bin_code)
        aliases = tuple(str(a) for a in row.get("aliases") or ())
        name = str(row.get("name", "")).strip()
        code = str(row.get("code", "")).strip()
        banks.append(Bank(bin_code, short, name, code, aliases,
                          tuple(set(fold(" ".join((short, name, code, bin_code, *aliases))).split()))))
    return tuple(banks)


ALL_BANKS = load_banks()  # once, at import: a few dozen rows
BANKS = {b.bin: b.short_name for b in ALL_BANKS}  # BIN -> short name (receipts, captions)


def find_banks(text: str = "", banks: tuple[Bank, ...] = ALL_BANKS) -> list[Bank]:
    """Banks where every word typed starts a word of the short name, legal name, code, former names
    or BIN, tones and đ ignored ("ngoai thuong", "Công Thương", "9704" all find what they should)."""
    typed = fold(text).split()
    return [b for b in banks if all(any(w.startswith(t) for w in b.words) for t in typed)]


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValidationError("VietQR field {tag} longer than 99 characters", tag=tag)
    return f"{tag}{len(value):02d}{value}"


def crc16(data: str) -> str:
    return f"{binascii.crc_hqx(data.encode('utf-8'), 0xFFFF):04X}"


def _purpose_ok(text: str) -> bool:
    return all(32 <= ord(c) < 127 for c in text)


def build(
    bin_code: str,
    account: str,
    amount: int | None = None,
    purpose: str = "",
    card: bool = False,
    reference: str = "",
) -> str:
    """The payload string a banking app reads. amount=None gives a static (reusable) QR.

    purpose/reference must be ASCII: banking apps show them as typed, and tone marks break
    several of them, so callers fold Vietnamese text first (pos.text.ascii_fold_display)."""
    if not (is_ascii_digits(bin_code) and len(bin_code) == 6):
        raise ValidationError("bank BIN must be 6 digits: {bin_code!r}", bin_code=bin_code)
    if not isinstance(account, str) or not account.isascii() or not account.isalnum() or len(account) > 19:
        raise ValidationError("bank account must be 1-19 letters/digits: {account!r}", account=account)
    if amount is not None and (not isinstance(amount, int) or amount <= 0 or amount > 9_999_999_999_999):
        raise InvalidAmount("VietQR amount must be a positive whole number of đồng: {amount!r}", amount=amount)
    if not _purpose_ok(purpose) or not _purpose_ok(reference):
        raise ValidationError("VietQR purpose and reference must be plain ASCII")
    beneficiary = _tlv("00", bin_code) + _tlv("01", account)
    merchant = _tlv("00", NAPAS_GUID) + _tlv("01", beneficiary) + _tlv("02", SERVICE_CARD if card else SERVICE_ACCOUNT)
    out = _tlv("00", "01") + _tlv("01", "11" if amount is None else "12") + _tlv("38", merchant)
    out += _tlv("53", "704")
    if amount is not None:
        out += _tlv("54", str(amount))
    out += _tlv("58", "VN")
    extra = (_tlv("05", reference) if reference else "") + (_tlv("08", purpose) if purpose else "")
    if extra:
        out += _tlv("62", extra)
    out += "6304"
    return out + crc16(out)


def parse_tlv(data: str) -> dict[str, str]:
    out: dict[str, str] = {}
    i = 0
    while i < len(data):
        if i + 4 > len(data):
            raise ValidationError("truncated TLV")
        tag, length = data[i : i + 2], data[i + 2 : i + 4]
        if not is_ascii_digits(length):
            raise ValidationError("bad TLV length at {pos}", pos=i)
        n = int(length)
        value = data[i + 4 : i + 4 + n]
        if len(value) != n:
            raise ValidationError("truncated TLV value")
        out[tag] = value
        i += 4 + n
    return out


@dataclass(frozen=True)
class Decoded:
    bin_code: str
    account: str
    amount: int | None
    purpose: str
    reference: str
    card: bool


def decode(payload: str) -> Decoded:
    """Parse and verify a payload (CRC included); raises ValidationError when it is not valid."""
    if len(payload) < 8 or payload[-8:-4] != "6304":
        raise ValidationError("no CRC field")
    if crc16(payload[:-4]) != payload[-4:].upper():
        raise ValidationError("CRC mismatch")
    top = parse_tlv(payload[:-8])
    merchant = parse_tlv(top["38"])
    if merchant.get("00") != NAPAS_GUID:
        raise ValidationError("not a NAPAS VietQR payload")
    ben = parse_tlv(merchant["01"])
    extra = parse_tlv(top.get("62", ""))
    return Decoded(
        bin_code=ben["00"],
        account=ben["01"],
        amount=int(top["54"]) if "54" in top else None,
        purpose=extra.get("08", ""),
        reference=extra.get("05", ""),
        card=merchant.get("02") == SERVICE_CARD,
    )
