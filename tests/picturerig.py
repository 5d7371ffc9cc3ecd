"""Product pictures for the kiosk's picture tests and bench: real JPEGs, a real HTTP server on
loopback serving them by hash at /media/<sha>.jpg (as the centre does), and the pull's
`product_content` rows naming them (the shape of central/catalog/pull.py)."""
from __future__ import annotations

import hashlib
import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from PIL import Image, ImageDraw

COLORS = [(196, 64, 52), (230, 170, 40), (70, 140, 70), (40, 110, 170), (120, 80, 160), (150, 100, 60)]


def jpeg(i: int, px: int = 320, quality: int = 85) -> bytes:
    """A product-like picture: a coloured jar on a light ground, different for each i."""
    img = Image.new("RGB", (px, px), (245, 240, 230))
    d = ImageDraw.Draw(img)
    c = COLORS[i % len(COLORS)]
    d.rounded_rectangle((px * 0.25, px * 0.2, px * 0.75, px * 0.9), radius=px // 12, fill=c)
    d.rectangle((px * 0.3, px * 0.1, px * 0.7, px * 0.22), fill=(90, 60, 40))
    d.ellipse((px * 0.38, px * 0.45, px * 0.62, px * 0.69), fill=(250, 250, 245))
    d.text((px * 0.44, px * 0.52), str(i % 100), fill=(0, 0, 0))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality)
    return out.getvalue()


def variant(base: bytes, i: int, pad: int = 0) -> bytes:
    """`base` with a JPEG comment naming i (and `pad` bytes): another file, the same picture."""
    payload = f"product {i}".encode() + b" " * pad
    segments = b""
    for at in range(0, len(payload), 65_000):  # a segment holds at most 65,533 bytes
        part = payload[at:at + 65_000]
        segments += b"\xff\xfe" + (len(part) + 2).to_bytes(2, "big") + part
    return base[:2] + segments + base[2:]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class MediaServer:
    """Serves `files` {sha: bytes} at /media/<sha>.jpg; a sha in `corrupt` gets altered bytes (a
    download cut or changed on the way). `requests` counts what was asked."""

    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.corrupt: set[str] = set()
        self.requests: list[str] = []
        rig = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                rig.requests.append(self.path)
                name = self.path.rsplit("/", 1)[-1].removesuffix(".jpg")
                data = rig.files.get(name)
                if not self.path.startswith("/media/") or data is None:
                    self.send_error(404)
                    return
                if name in rig.corrupt:
                    data = data[: len(data) // 2] + b"\0" * 16
                self.send_response(200)
                self.send_header("Content-Type", "image/jpeg")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("ETag", f'"{name}"')
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def add(self, data: bytes) -> str:
        h = sha(data)
        self.files[h] = data
        return h

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def content_row(product_id: str, photos: list[tuple[str, str]], **fields) -> dict:
    """A pulled product_content row: `photos` as (big sha, thumbnail sha), main first."""
    row = {"product_id": product_id, "description_vi": "", "description_en": "", "ingredients_vi": "",
           "ingredients_en": "", "storage_vi": "", "storage_en": "", "net_qty": None, "net_unit": "g",
           "shelf_life_days": None, "updated_at": "2026-11-20T03:00:00Z", "certificate": None,
           "photos": [{"id": f"ph-{product_id}-{i}", "sha256": big, "url": f"/media/{big}.jpg",
                       "thumb_sha256": thumb, "thumb_url": f"/media/{thumb}.jpg", "width": 1200, "height": 1200,
                       "type": "image/jpeg"} for i, (big, thumb) in enumerate(photos)]}
    row.update(fields)
    return row
