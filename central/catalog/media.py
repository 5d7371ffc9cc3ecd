"""Pictures and certificate documents as the centre keeps them: checked, re-encoded and stored by
content hash (sha256 of the stored bytes) under `Settings.media_dir`, served at /media/<sha>.<ext>.

Why re-encode every picture rather than keep the upload: the stored file is then a plain
baseline JPEG of bounded size with no metadata (a phone photo carries the producer's GPS position
in its EXIF), turned upright by its EXIF orientation; the same picture uploaded twice is stored once.

Why check the pixel count ourselves before decoding: a few kilobytes of PNG can unpack to
gigabytes (a "decompression bomb"). Pillow reads the size from the header without decoding, so
the limit holds before any pixel is allocated; Pillow's own bomb guard is made an error too."""
from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from PIL import Image, ImageOps

from central import models as m
from central.catalog.rules import N_, CatalogError


PICTURE_FORMATS = {"JPEG", "PNG", "WEBP"}
SHA = re.compile(r"[0-9a-f]{64}")
UNREADABLE = N_("không đọc được ảnh (tệp hỏng hoặc không phải ảnh)")
NOT_PICTURE = N_("chỉ nhận ảnh JPEG, PNG hoặc WebP")
TYPES = {"jpg": "image/jpeg", "pdf": "application/pdf"}


@dataclass(frozen=True)
class Stored:
    """One upload as stored: the main file, its thumbnail (pictures only) and its size."""
    sha256: str
    ext: str
    thumb_sha256: str | None
    width: int
    height: int
    bytes: int


def path_of(root: str | Path, sha: str, ext: str) -> Path:
    """Where a stored file lives: fanned out by the first two hex digits (no folder of 100,000 files)."""
    return Path(root) / sha[:2] / f"{sha}.{ext}"


def _write(root: str | Path, data: bytes, ext: str) -> str:
    """Store `data` under its own hash (atomically: a half-written file never has the final name)."""
    sha = hashlib.sha256(data).hexdigest()
    target = path_of(root, sha, ext)
    if target.exists():
        return sha
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".up-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return sha


def _jpeg(img: Image.Image, longest: int) -> bytes:
    img = img.copy()
    img.thumbnail((longest, longest), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()


def open_picture(data: bytes, settings) -> Image.Image:
    """The upload as an upright RGB image, or CatalogError saying why it is refused."""
    if not data:
        raise CatalogError(N_("tệp rỗng"), "file")
    if len(data) > settings.media_max_bytes:
        raise CatalogError(N_("tệp lớn hơn {mb} MB"), "file", mb=settings.media_max_bytes // (1024 * 1024))
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(data))
            if img.format not in PICTURE_FORMATS:
                raise CatalogError(NOT_PICTURE, "file")
            w, h = img.size
            if w * h > settings.media_max_pixels:
                raise CatalogError(N_("ảnh quá nhiều điểm ảnh ({w}×{h}; tối đa {mp} triệu)"), "file",
                                   w=w, h=h, mp=settings.media_max_pixels // 1_000_000)
            if min(w, h) < settings.media_min_px:
                raise CatalogError(N_("ảnh quá nhỏ ({w}×{h}; cạnh ngắn ít nhất {px} điểm)"), "file",
                                   w=w, h=h, px=settings.media_min_px)
            img.load()
            img = ImageOps.exif_transpose(img)
        except CatalogError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):  # Pillow's guard, on open
            raise CatalogError(N_("ảnh quá nhiều điểm ảnh (tối đa {mp} triệu)"), "file",
                               mp=settings.media_max_pixels // 1_000_000) from None
        except (OSError, ValueError, SyntaxError, EOFError):
            raise CatalogError(UNREADABLE, "file") from None
    if img.mode in ("RGBA", "LA", "P", "PA"):
        img = img.convert("RGBA")
        flat = Image.new("RGB", img.size, (255, 255, 255))  # transparency over white, as on paper
        flat.paste(img, mask=img.getchannel("A"))
        return flat
    return img.convert("RGB")


def store_picture(data: bytes, settings) -> Stored:
    """A checked picture, stored as a bounded JPEG and a thumbnail."""
    img = open_picture(data, settings)
    large = _jpeg(img, settings.media_large_px)
    thumb = _jpeg(img, settings.media_thumb_px)
    sha = _write(settings.media_dir, large, "jpg")
    thumb_sha = _write(settings.media_dir, thumb, "jpg")
    w, h = Image.open(io.BytesIO(large)).size
    return Stored(sha, "jpg", thumb_sha, w, h, len(large))


def store_document(data: bytes, settings) -> Stored:
    """The OCOP certificate: a PDF kept as sent (checked to be one), or a picture like any other."""
    if data[:5] == b"%PDF-":
        if len(data) > settings.media_max_bytes:
            raise CatalogError(N_("tệp lớn hơn {mb} MB"), "file", mb=settings.media_max_bytes // (1024 * 1024))
        if b"%%EOF" not in data[-1024:]:
            raise CatalogError(N_("tệp PDF không trọn vẹn"), "file")
        sha = _write(settings.media_dir, data, "pdf")
        return Stored(sha, "pdf", None, 0, 0, len(data))
    try:
        return store_picture(data, settings)
    except CatalogError as exc:
        if exc.msgid == UNREADABLE or exc.msgid == NOT_PICTURE:
            raise CatalogError(N_("giấy chứng nhận phải là tệp PDF hoặc ảnh JPEG, PNG, WebP"), "file") from None
        raise


def read_path(root: str | Path, name: str) -> tuple[Path, str, str] | None:
    """A request's /media/<name> as (file, sha, content type) when it names a stored file."""
    sha, _, ext = name.partition(".")
    if not SHA.fullmatch(sha) or ext not in TYPES:
        return None
    path = path_of(root, sha, ext)
    return (path, sha, TYPES[ext]) if path.is_file() else None


def media_url(sha: str | None, ext: str = "jpg") -> str | None:
    """The address a stored file is served at (relative to the server's public address)."""
    return f"/media/{sha}.{ext}" if sha else None


def _media_out(r) -> dict:
    return {"id": r.id, "sha256": r.sha256, "url": media_url(r.sha256, r.ext),
            "thumb_sha256": r.thumb_sha256, "thumb_url": media_url(r.thumb_sha256),
            "width": r.width, "height": r.height, "type": TYPES[r.ext]}


_MEDIA_OF = (sa.select(m.product_media).where(m.product_media.c.product_id.in_(sa.bindparam("ids", expanding=True)))
             .order_by(m.product_media.c.product_id, m.product_media.c.sort, m.product_media.c.id))


def media_of(conn, product_ids: list[str]) -> dict[str, dict]:
    """{product_id: {"photos": [...], "certificate": {...} | None}} in display order. The statement is
    built once (a public page asks this per request; building it was a third of the query cost)."""
    out: dict[str, dict] = {pid: {"photos": [], "certificate": None} for pid in product_ids}
    if not product_ids:
        return out
    for chunk in range(0, len(product_ids), 500):
        for r in conn.execute(_MEDIA_OF, {"ids": product_ids[chunk:chunk + 500]}):
            if r.kind == "certificate":
                out[r.product_id]["certificate"] = _media_out(r)
            else:
                out[r.product_id]["photos"].append(_media_out(r))
    return out
