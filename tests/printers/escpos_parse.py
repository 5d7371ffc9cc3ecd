"""A small ESC/POS reader for tests: turns the bytes we send back into what the printer would do
(raster images, barcodes, QR data, text, cuts, drawer kicks). Unknown commands fail loudly."""
from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

ESC, GS, DLE = 0x1B, 0x1D, 0x10

# ESC commands followed by a fixed number of argument bytes
ESC_ARGS = {0x40: 0, 0x74: 1, 0x21: 1, 0x45: 1, 0x2D: 1, 0x4D: 1, 0x61: 1, 0x7B: 1, 0x64: 1, 0x70: 3,
            0x32: 0, 0x33: 1, 0x4A: 1, 0x47: 1, 0x56: 1, 0x52: 1, 0x63: 2}
GS_ARGS = {0x68: 1, 0x77: 1, 0x48: 1, 0x66: 1, 0x62: 1, 0x42: 1, 0x21: 1, 0x4C: 2, 0x57: 2}


@dataclass
class Parsed:
    events: list[tuple] = field(default_factory=list)
    images: list[Image.Image] = field(default_factory=list)
    barcodes: list[tuple[int, bytes]] = field(default_factory=list)  # (GS k m, data)
    qr_data: list[bytes] = field(default_factory=list)
    text: bytearray = field(default_factory=bytearray)

    def names(self) -> list[str]:
        return [e[0] for e in self.events]

    def page(self) -> Image.Image:
        """All raster fragments stacked, as the paper would come out."""
        if not self.images:
            raise AssertionError("no raster image in the job")
        w = max(im.width for im in self.images)
        h = sum(im.height for im in self.images)
        out = Image.new("1", (w, h), 1)
        y = 0
        for im in self.images:
            out.paste(im, (0, y))
            y += im.height
        return out


def _raster(data: bytes, i: int) -> tuple[Image.Image, int]:
    m = data[i + 3]
    assert m in (0, 1, 2, 3, 48, 49, 50, 51), f"bad GS v 0 mode {m}"
    xb = data[i + 4] | data[i + 5] << 8
    h = data[i + 6] | data[i + 7] << 8
    start = i + 8
    body = data[start : start + xb * h]
    assert len(body) == xb * h, "GS v 0 raster cut short"
    # in ESC/POS a set bit is a black dot; in PIL mode "1" a set bit is white
    img = Image.frombytes("1", (xb * 8, h), bytes(b ^ 0xFF for b in body))
    return img, start + xb * h


def parse(data: bytes) -> Parsed:
    out = Parsed()
    i = 0
    n = len(data)
    while i < n:
        b = data[i]
        if b == ESC:
            cmd = data[i + 1]
            if cmd not in ESC_ARGS:
                raise AssertionError(f"unknown ESC {cmd:#x} at {i}")
            k = ESC_ARGS[cmd]
            out.events.append(("ESC " + chr(cmd), bytes(data[i + 2 : i + 2 + k])))
            i += 2 + k
        elif b == GS:
            cmd = data[i + 1]
            if cmd == 0x76 and data[i + 2] == 0x30:
                img, i = _raster(data, i)
                out.images.append(img)
                out.events.append(("raster", img.size))
            elif cmd == 0x56:  # cut
                m = data[i + 2]
                k = 1 if m in (65, 66) else 0
                out.events.append(("cut", m))
                i += 3 + k
            elif cmd == 0x6B:  # GS k barcode
                m = data[i + 2]
                if m <= 6:
                    end = data.index(0, i + 3)
                    out.barcodes.append((m, bytes(data[i + 3 : end])))
                    i = end + 1
                else:
                    ln = data[i + 3]
                    out.barcodes.append((m, bytes(data[i + 4 : i + 4 + ln])))
                    i += 4 + ln
                out.events.append(("barcode", out.barcodes[-1]))
            elif cmd == 0x28 and data[i + 2] == 0x6B:  # GS ( k 2-D code
                ln = data[i + 3] | data[i + 4] << 8
                body = bytes(data[i + 5 : i + 5 + ln])
                cn, fn = body[0], body[1]
                if cn == 49 and fn == 80:  # store QR data
                    out.qr_data.append(body[3:])
                out.events.append(("2d", (cn, fn)))
                i += 5 + ln
            elif cmd in GS_ARGS:
                k = GS_ARGS[cmd]
                out.events.append(("GS " + chr(cmd), bytes(data[i + 2 : i + 2 + k])))
                i += 2 + k
            else:
                raise AssertionError(f"unknown GS {cmd:#x} at {i}")
        elif b == DLE and i + 1 < n and data[i + 1] == 0x04:
            out.events.append(("status", data[i + 2]))
            i += 3
        elif b == DLE and i + 1 < n and data[i + 1] == 0x14:  # DLE DC4 1 m t: real-time drawer pulse
            assert data[i + 2] == 1, f"bad DLE DC4 function {data[i + 2]}"
            out.events.append(("pulse", (data[i + 3], data[i + 4])))
            i += 5
        elif b == 0x0A:
            out.text += b"\n"
            out.events.append(("LF", None))
            i += 1
        else:
            out.text.append(b)
            i += 1
    return out


def drawer_kicks(parsed: Parsed) -> int:
    """ESC p kicks and DLE DC4 real-time pulses."""
    return sum(1 for name, _ in parsed.events if name in ("ESC p", "pulse"))
