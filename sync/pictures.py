"""Fetching product pictures from the centre into the kiosk's picture cache, on a thread of its own.

Why its own thread (not the sync pass): a catalog of thousands of pictures must never delay a
sale's upload, and a picture a screen waits for (the product card's big picture, a grid's
thumbnails) goes before the ones fetched ahead of need. Requests asked for by a screen are served
newest first: the clerk has moved on from what was asked before. Nothing here is awaited by the
UI thread; it learns of a new file through `on_fetched(sha)`, called from this thread."""
from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable

import requests

from pos import content
from pos.picture_cache import HashMismatch, PictureCache, cache_dir_for
from pos.store import Store

from . import tls
from .client import DEFAULT_TIMEOUT, make_session, verify_for

log = logging.getLogger("ocop.sync.pictures")


class PictureFetcher(threading.Thread):
    """`want(sha, url)`: fetch this file soon (a screen needs it); `prefetch()`: fetch what the
    setting picture_prefetch asks for (after a catalog pull). Failures are counted, not retried in
    a loop: a file that failed is tried again the next time it is wanted."""

    def __init__(self, db_path, cache: PictureCache | None = None, on_fetched: Callable[[str], None] | None = None,
                 session_factory=make_session, timeout=DEFAULT_TIMEOUT):
        super().__init__(name="picture-fetcher", daemon=True)
        self.db_path = db_path
        self.cache = cache or PictureCache(cache_dir_for(db_path))
        self.on_fetched = on_fetched or (lambda sha: None)
        self.session_factory = session_factory
        self.timeout = timeout
        self._cond = threading.Condition()
        self._urgent: OrderedDict[str, str] = OrderedDict()  # sha -> url, newest last
        self._prefetch_due = False
        self._stopping = False
        self.fetched = 0
        self.failed = 0
        self.refused = 0  # downloads whose bytes did not match their hash
        self.prefetches = 0  # prefetch passes finished

    def want(self, sha: str, url: str) -> None:
        """Fetch this file before anything else (safe from any thread; returns at once)."""
        with self._cond:
            self._urgent.pop(sha, None)
            self._urgent[sha] = url
            self._cond.notify()

    def prefetch(self) -> None:
        with self._cond:
            self._prefetch_due = True
            self._cond.notify()

    def stop(self, timeout: float | None = 30) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify()
        self.join(timeout)

    def idle(self) -> bool:
        with self._cond:
            return not self._urgent and not self._prefetch_due

    def _next(self):
        with self._cond:
            while not self._stopping and not self._urgent and not self._prefetch_due:
                self._cond.wait()
            if self._stopping:
                return None
            if self._urgent:
                return self._urgent.popitem(last=True)
            self._prefetch_due = False
            return "prefetch"

    def run(self) -> None:
        store = Store(self.db_path)
        session = self.session_factory()
        try:
            while (job := self._next()) is not None:
                try:
                    if job == "prefetch":
                        self._prefetch(store, session)
                        self.prefetches += 1
                    else:
                        self._fetch(store, session, *job)
                except Exception:  # a bug must not stop pictures for the whole day
                    log.exception("picture fetch failed")
        finally:
            session.close()
            store.close()

    def _base(self, store: Store) -> tuple[str, bool | str] | None:
        s = store.settings()
        base = str(s.get("server_url") or "").rstrip("/")
        if not base or tls.url_problem(base, bool(s.get("sync_allow_http"))):
            return None
        self.cache.set_bound(int(s.get("picture_cache_mb") or 256))
        return base, verify_for(store)

    def _fetch(self, store: Store, session, sha: str, url: str) -> bool:
        if self.cache.has(sha):
            self.on_fetched(sha)
            return True
        where = self._base(store)
        if where is None:
            return False
        base, verify = where
        try:
            resp = session.get(url if url.startswith(("http://", "https://")) else base + url,
                               timeout=self.timeout, verify=verify)
        except requests.RequestException as exc:
            self.failed += 1
            log.info("picture not fetched", extra={"sha": sha, "error": str(exc)[:200]})
            return False
        if resp.status_code != 200:
            self.failed += 1
            log.info("picture not fetched", extra={"sha": sha, "status": resp.status_code})
            return False
        try:
            self.cache.put(sha, resp.content)
        except HashMismatch:
            self.refused += 1
            log.warning("picture refused: its bytes do not match its hash", extra={"sha": sha, "url": url})
            return False
        self.fetched += 1
        self.on_fetched(sha)
        return True

    def _prefetch(self, store: Store, session) -> None:
        mode = store.settings().get("picture_prefetch") or "thumbs"
        if mode == "none" or self._base(store) is None:
            return
        misses = 0
        for sha, url in content.wanted(store, large=mode == "all"):
            with self._cond:
                if self._stopping:
                    return
                urgent = self._urgent.popitem(last=True) if self._urgent else None
            if urgent:  # a screen asked meanwhile: it goes first
                self._fetch(store, session, *urgent)
            if self.cache.has(sha):
                continue
            if not self.cache.room_for_prefetch():
                return
            if self._fetch(store, session, sha, url):
                misses = 0
            else:
                misses += 1
                if misses >= 3:  # the centre is out of reach: the next pull tries again
                    return
