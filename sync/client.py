"""The kiosk side of sync: an HTTP client, one sync pass, and a background worker.

Why a plain thread with its own Store (not Qt): pos/ and sync/ run headless (the `sync` command,
tests), SQLite connections belong to their thread, and WAL lets this second connection read and
ack while the UI's connection keeps selling. Nothing here is ever awaited by the UI thread; it
learns the state through the status callback.

Exactly-once from the kiosk's side: an event is marked sent (pos.outbox.ack) only up to the
server's acknowledgement, the highest contiguous seq it holds. Anything else is resent, and the
server's unique event id makes a resend harmless."""
from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from pos import outbox, reports
from pos.clock import VN_TZ
from pos.store import Store

from . import tls
from .protocol import API
from .pages import PULL_KEYS, apply_page, note_problems
from .realign import realign

log = logging.getLogger("ocop.sync")

DEFAULT_TIMEOUT = (5.0, 60.0)  # connect, read (seconds)


class SyncError(Exception):
    """The server could not be reached or failed (try again later)."""


class Refused(SyncError):
    """The server answered 4xx: retrying the same request will not help (bad token, bad data)."""

    def __init__(self, status: int, detail):
        super().__init__(f"server refused ({status}): {detail}")
        self.status = status
        self.detail = detail


class NotEnrolled(SyncError):
    pass


class InsecureServer(SyncError):
    """The server address may not be used (plain http to another machine without the allowance)."""

    problem = "insecure"


class CertificateRefused(SyncError):
    """The server's certificate did not verify: not retried, the kiosk keeps its events."""

    problem = "certificate"


def make_session(retries: int = 3, backoff: float = 0.5) -> requests.Session:
    """A Session that retries connection errors, read errors and 5xx with exponential backoff.
    POST is retried too: every write we send is idempotent (event ids, catalog cursors)."""
    retry = Retry(total=retries, connect=retries, read=retries, status=retries, backoff_factor=backoff,
                  status_forcelist=(500, 502, 503, 504), allowed_methods=None, raise_on_status=False,
                  respect_retry_after_header=True)
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry, pool_maxsize=4)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class SyncClient:
    """`verify`: requests' verify= (True: the public CAs; a path: the kiosk's own CA bundle).
    `allow_http`: plain http to a machine other than this one (refused otherwise)."""

    def __init__(self, base_url: str, token: str | None = None, session: requests.Session | None = None,
                 timeout=DEFAULT_TIMEOUT, verify: bool | str = True, allow_http: bool = False):
        problem = tls.url_problem(base_url, allow_http)
        if problem:
            raise InsecureServer(problem)
        self.base = base_url.rstrip("/") + API
        self.token = token
        self.session = session or make_session()
        self.timeout = timeout
        self.verify = verify

    def request(self, method: str, path: str, **kw):
        headers = kw.pop("headers", {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            resp = self.session.request(method, self.base + path, headers=headers, timeout=self.timeout,
                                        verify=self.verify, **kw)
        except requests.exceptions.SSLError as exc:
            raise CertificateRefused(f"the server's certificate is not trusted ({tls.certificate_reason(exc)}); "
                                     "a server with its own CA needs it given at enrollment (--ca-file)") from exc
        except requests.RequestException as exc:
            raise SyncError(f"{method} {path}: {exc.__class__.__name__}: {exc}") from exc
        if 400 <= resp.status_code < 500:
            try:
                detail = resp.json().get("detail")
            except ValueError:
                detail = resp.text[:200]
            raise Refused(resp.status_code, detail)
        if resp.status_code >= 500:
            raise SyncError(f"{method} {path}: server error {resp.status_code}")
        try:
            return resp.json()
        except ValueError as exc:
            raise SyncError(f"{method} {path}: reply is not JSON") from exc

    def close(self) -> None:
        self.session.close()

    def health(self) -> dict: return self.request("GET", "/health")
    def progress(self) -> dict: return self.request("GET", "/events/progress")
    def check(self, events: list[dict], receipts: list[dict]) -> dict:
        return self.request("POST", "/events/check", json={"events": events, "receipts": receipts})
    def push(self, events: list[dict]) -> dict: return self.request("POST", "/events", json={"events": events})
    def push_raw(self, body: bytes) -> dict:
        return self.request("POST", "/events", data=body, headers={"Content-Type": "application/json"})
    def pull(self, cursor: str, limit: int = 5000) -> dict:
        return self.request("GET", "/catalog", params={"cursor": cursor, "limit": limit})
    def reconcile(self, days: dict) -> dict: return self.request("POST", "/reconcile", json={"days": days})

    def enroll(self, device_code: str, code: str, public_key: str | None) -> dict:
        return self.request("POST", "/enroll", json={"device_code": device_code, "enrollment_code": code,
                                                     "public_key": public_key})


# -- one sync pass ---------------------------------------------------------------------------
@dataclass
class SyncReport:
    pushed: int = 0          # events sent (including resends)
    acked: int = 0           # events newly marked sent on this kiosk
    duplicates: int = 0      # events the server already had
    resent: int = 0          # events sent again because the server reported them missing
    pulled: dict = field(default_factory=dict)
    ack_seq: int = 0
    unsynced: int = 0
    reconcile: list = field(default_factory=list)
    realigned: dict | None = None   # set when this kiosk was behind the server (restored from a backup)
    pull_problems: list = field(default_factory=list)  # catalog rows not applied, with the reason
    refused: list = field(default_factory=list)  # events the server stored but refused (409), set aside
    error: str = ""

    def summary(self) -> str:
        pulled = ", ".join(f"{v} {k}" for k, v in self.pulled.items() if v) or "nothing"
        text = (f"pushed {self.pushed} events ({self.acked} newly acknowledged, {self.duplicates} already on the "
                f"server, {self.resent} resent); pulled {pulled}; unsynced now {self.unsynced}")
        r = self.realigned
        if r and (r["renumbered_events"] or r["outbox_seq"] or r["receipt_counter"] or r["receipts"]):
            text += (f"; RESTORED kiosk moved forward: {r['renumbered_events']} events renumbered, "
                     f"{len(r['receipts'])} receipts renumbered, receipt counter {r['receipt_counter']}")
        if self.pull_problems:
            text += f"; {len(self.pull_problems)} catalog rows refused: " + "; ".join(
                f"{p['kind']} {p.get('sku') or p.get('code') or p.get('id')}: {p['reason']}" for p in self.pull_problems[:5])
        if self.refused:
            text += f"; {len(self.refused)} events REFUSED by the server and set aside: " + "; ".join(
                f"seq {r['seq']} ({r['code']}): {r['error']}" for r in self.refused[:5])
        if self.reconcile:
            bad = [d["business_day"] for d in self.reconcile if d["status"] != "match"]
            text += f"; reconciled {len(self.reconcile)} days" + (f", MISMATCH {bad}" if bad else ", all match")
        return text + (f"; error: {self.error}" if self.error else "")


def client_for(store: Store, session: requests.Session | None = None, timeout=DEFAULT_TIMEOUT) -> SyncClient:
    s = store.settings()
    if not s.get("server_url") or not s.get("sync_token"):
        raise NotEnrolled("this kiosk is not enrolled with a central server (main.py enroll)")
    return SyncClient(str(s["server_url"]), str(s["sync_token"]), session=session, timeout=timeout,
                      verify=verify_for(store), allow_http=bool(s.get("sync_allow_http")))


def verify_for(store: Store) -> bool | str:
    """requests' verify= for this kiosk: its CA bundle from enrollment, else the public CAs."""
    pem = store.settings().get("sync_ca_pem")
    return tls.ca_path(store.path, str(pem)) if pem else True


REFUSED_KEPT = 200  # refused events remembered in the setting sync_refused (the newest)


def set_aside(store: Store, report: SyncReport, resp: dict) -> None:
    """Events the server stored but refused (a record id another device already used: 409) are
    acknowledged like the rest, so they are not sent again and later events flow; each is recorded
    here (report.refused, the setting sync_refused, the log) for staff and the office to see."""
    bad = [r for r in resp.get("results") or () if r["status"] == "rejected"]
    if not bad:
        return
    kept = list(store.settings().get("sync_refused") or [])
    known = {r["event_id"] for r in kept}
    new = [{"seq": r["seq"], "event_id": r["event_id"], "code": int(r["result"].get("code", 409)),
            "error": str(r["result"].get("error", "")), "at": store.now_iso()}
           for r in bad if r["event_id"] not in known]
    report.refused += new
    if new:
        log.warning("events refused by the server", extra={"count": len(new), "first": new[0]})
        store.set_settings(sync_refused=(kept + new)[-REFUSED_KEPT:])


def refused_note(store: Store) -> str:
    """What the status bar shows while refused events are on record ('' when none are)."""
    kept = store.settings().get("sync_refused") or []
    if not kept:
        return ""
    last = kept[-1]
    return f"{len(kept)} events refused by the server ({last['code']}), e.g. seq {last['seq']}: {last['error']}"


def _push_events(client: SyncClient, store: Store, events: list[dict], report: SyncReport) -> dict:
    resp = client.push(events)
    set_aside(store, report, resp)
    report.pushed += len(events)
    report.duplicates += resp["duplicates"]
    report.acked += outbox.ack(store, resp["ack"])
    report.ack_seq = resp["ack"]
    return resp


def _resend(client: SyncClient, store: Store, ranges, report: SyncReport, batch_size: int) -> dict | None:
    resp = None
    for first, last in ranges:
        start = first
        while start <= last:
            events = outbox.events_between(store, start, min(last, start + batch_size - 1))
            if not events:
                break
            resp = _push_events(client, store, events, report)
            report.resent += len(events)
            start = events[-1]["seq"] + 1
    return resp


def push_all(client: SyncClient, store: Store, report: SyncReport, batch_size: int = 500,
             max_rounds: int = 1_000_000) -> None:
    prog = client.progress()
    moved = realign(client, store, prog)  # events the server holds are acked; a restored kiosk moves forward
    if moved:
        report.acked += moved["acked"]
        report.realigned = moved
    st = outbox.status(store)
    if prog["ack"] > st["acked_seq"]:  # e.g. a bundle was imported, or our ack reply was lost
        report.acked += outbox.ack(store, min(prog["ack"], st["last_seq"]))
    elif prog["ack"] < st["acked_seq"]:  # the server lost events (restored from a backup): send them again
        _resend(client, store, [(prog["ack"] + 1, st["acked_seq"])], report, batch_size)
    if prog["missing"]:
        _resend(client, store, [tuple(r) for r in prog["missing"]], report, batch_size)
    # Pipelined: the next batch is read and sent while the server works on the previous one (two
    # requests in flight at most). Acks are still taken in order, and only from the server's reply.
    after, inflight = 0, None
    with ThreadPoolExecutor(1, thread_name_prefix="sync-push") as pool:
        for _ in range(max_rounds):
            seqs, body = raw_batch(store, batch_size, after)
            nxt = None
            if seqs:
                nxt = (seqs, pool.submit(client.push_raw, body))
                after = seqs[-1]
            if inflight is not None:
                _take_reply(client, store, report, inflight[0], inflight[1].result(), batch_size)
            inflight = nxt
            if inflight is None:
                break


def _take_reply(client, store: Store, report: SyncReport, seqs: list[int], resp: dict, batch_size: int) -> None:
    report.pushed += len(seqs)
    report.duplicates += resp["duplicates"]
    set_aside(store, report, resp)
    report.acked += outbox.ack(store, resp["ack"])
    report.ack_seq = resp["ack"]
    if resp["missing"] and resp["missing"][0][0] <= seqs[0]:  # a gap before this batch: fill it now
        resp = _resend(client, store, [tuple(r) for r in resp["missing"]], report, batch_size) or resp
    if resp["ack"] < seqs[-1]:
        conflicts = [r for r in resp["results"] if r["status"] == "conflict"]
        if conflicts:
            raise SyncError(f"server refused {len(conflicts)} events as conflicting (seq {conflicts[0]['seq']}); "
                            "this kiosk's outbox does not match what the server holds")


MAX_BODY_BYTES = 4 * 1024 * 1024  # half the server's default request limit (8 MiB)


def raw_batch(store: Store, limit: int, after_seq: int, max_bytes: int | None = None) -> tuple[list[int], bytes]:
    """The next unacknowledged events as the request body, built from the stored payload text
    (no parse and re-serialise of every sale on the kiosk). At most `limit` events and, past the
    first event, about `max_bytes`: a batch of big stock counts stays under the server's limit."""
    rows = outbox.pending_rows(store, limit, after_seq)
    if not rows:
        return [], b""
    size, max_bytes = 0, max_bytes or MAX_BODY_BYTES
    for i, row in enumerate(rows):
        size += len(row[5].encode("utf-8")) + 250  # the payload as sent, plus its envelope
        if size > max_bytes and i:
            rows = rows[:i]
            break
    device = json.dumps(store.device_code)
    d = json.dumps
    parts = [f'{{"event_id":{d(eid)},"seq":{seq},"device_code":{device},"type":{d(typ)},'
             f'"created_at":{d(created)},"business_day":{d(day)},"payload":{payload}}}'
             for seq, eid, typ, created, day, payload in rows]
    return [r[0] for r in rows], ('{"events":[' + ",".join(parts) + "]}").encode("utf-8")


def pull_all(client: SyncClient, store: Store, report: SyncReport) -> None:
    """Fetch catalog pages until the cursor is current. A row the server withheld (its page's
    `rejected`) or this kiosk refuses is reported (report.pull_problems, the log, the setting
    sync_last_pull_problems) and skipped; the rest of the catalog still applies."""
    from pos.einvoice import sellers

    cursor = str(store.settings().get("sync_cursor", "0"))
    setup_before = sellers.setup(store), sellers.status(store)["state"]
    totals = dict.fromkeys(PULL_KEYS, 0)
    problems: list[dict] = []
    while True:
        changes = client.pull(cursor)
        with store.transaction():  # the page and the cursor it brings, as one
            now = str(store.settings().get("sync_cursor", "0"))
            if now != cursor:  # a fair bundle moved the cursor meanwhile: pull on from there
                cursor = now
                continue
            apply_page(store, changes, totals, problems)
            cursor = changes["cursor"]
            store.set_settings(sync_cursor=cursor)
        if not changes.get("more"):
            break
    # the e-invoice setup comes whole on every page: counted once when it changed what this kiosk issues
    totals["einvoice"] = int((sellers.setup(store), sellers.status(store)["state"]) != setup_before)
    report.pulled = totals
    report.pull_problems = problems
    note_problems(store, problems)


def sync_once(store: Store, client: SyncClient | None = None, batch_size: int = 500, pull: bool = True) -> SyncReport:
    """Push everything unsent, fetch catalog changes. Raises SyncError when offline; a partial push
    keeps what was acknowledged."""
    own = client is None
    client = client or client_for(store)
    report = SyncReport()
    try:
        push_all(client, store, report, batch_size)
        if pull:
            pull_all(client, store, report)
        store.set_settings(sync_last_sync_at=store.now_iso(), sync_last_error="")
    except SyncError as exc:
        report.error = str(exc)
        store.set_settings(sync_last_error=str(exc)[:500])
        raise
    finally:
        report.unsynced = outbox.unsynced_count(store)
        if own:
            client.close()
    return report


# -- nightly reconciliation ------------------------------------------------------------------
def kiosk_figures(store: Store, days: list[str]) -> dict[str, dict]:
    """The kiosk's own books per business day, in the same terms as the server's figures."""
    events, sales = outbox.events_per_day(store, days), reports.sales_per_day(store, days)
    invoices = reports.invoices_per_day(store, days)
    empty = {"sales": 0, "sales_total": 0, "refunds": 0, "refunds_total": 0, "voids": 0}
    return {d: {"events": events.get(d, 0), **sales.get(d, empty),
                **invoices.get(d, {"invoices": 0, "invoices_total": 0})} for d in days}


def recent_days(store: Store, n: int = 7) -> list[str]:
    today = store.business_date()
    days = {(today - dt.timedelta(days=i)).isoformat() for i in range(n)}
    # plus any day with events the kiosk made (a clock a day off, a long offline spell)
    days |= outbox.recent_event_days(store)
    return sorted(days)[-400:]


def reconcile(store: Store, client: SyncClient | None = None, days: list[str] | None = None,
              batch_size: int = 500) -> list[dict]:
    """Compare per-day figures with the server; resend any mismatching day, then compare again.
    The result is stored in the kiosk's settings (sync_last_reconcile) and on the server."""
    own = client is None
    client = client or client_for(store)
    try:
        report = SyncReport()
        push_all(client, store, report, batch_size)
        days = days or recent_days(store)
        result = client.reconcile(kiosk_figures(store, days))["days"]
        bad = [d["business_day"] for d in result if d["status"] != "match"]
        if bad:
            log.warning("reconcile mismatch, resending days", extra={"days": bad})
            for day in bad:
                events = outbox.events_on_day(store, day)
                for i in range(0, len(events), batch_size):
                    _push_events(client, store, events[i:i + batch_size], report)
            push_all(client, store, report, batch_size)
            again = {d["business_day"]: d for d in client.reconcile(kiosk_figures(store, bad))["days"]}
            result = [again.get(d["business_day"], d) for d in result]
        summary = {"at": store.now_iso(), "days": len(result),
                   "mismatch": [d["business_day"] for d in result if d["status"] != "match"],
                   "resent_days": bad}
        store.set_settings(sync_last_reconcile=summary)
        log.info("reconcile done", extra=summary)
        return result
    finally:
        if own:
            client.close()


# -- the background worker -------------------------------------------------------------------
@dataclass
class SyncStatus:
    online: bool = False
    last_sync_at: str | None = None
    unsynced: int = 0
    last_error: str = ""
    enrolled: bool = False
    syncing: bool = False
    last_reconcile: dict | None = None
    problem: str = ""  # "certificate" or "insecure": the UI names it (syncing cannot fix it by retrying)

    def as_dict(self) -> dict:
        return asdict(self)


class SyncWorker(threading.Thread):
    """Syncs every `interval` seconds on its own Store; after failures waits longer (up to
    `max_backoff`), so a kiosk offline for days costs nothing, and catches up on its own when the
    network is back. `on_status(SyncStatus)` is called from this thread: a Qt UI must re-emit it
    as a signal (queued connection) instead of touching widgets here."""

    def __init__(self, db_path, on_status: Callable[[SyncStatus], None] | None = None, interval: float = 60.0,
                 max_backoff: float = 900.0, clock=None, session_factory=make_session, timeout=DEFAULT_TIMEOUT):
        super().__init__(name="sync-worker", daemon=True)
        self.db_path = db_path
        self.on_status = on_status or (lambda status: None)
        self.interval = interval
        self.max_backoff = max_backoff
        self.clock = clock
        self.session_factory = session_factory
        self.timeout = timeout
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self.status = SyncStatus()
        self.passes = 0
        self.pictures = None  # sync.pictures.PictureFetcher: told to fetch after each pull

    def trigger(self) -> None:
        """Sync now (e.g. right after a sale)."""
        self._wake.set()

    def stop(self, timeout: float | None = 30) -> None:
        self._stopping.set()
        self._wake.set()
        self.join(timeout)

    def _emit(self, **changes) -> None:
        for k, v in changes.items():
            setattr(self.status, k, v)
        try:
            self.on_status(SyncStatus(**asdict(self.status)))
        except Exception:  # a UI callback must not kill syncing
            log.exception("sync status callback failed")

    def reconcile_due(self, store: Store) -> bool:
        s = store.settings()
        hh, mm = (int(x) for x in str(s.get("reconcile_time", "23:30")).split(":"))
        now = store.now().astimezone(VN_TZ)
        due = now.replace(hour=hh, minute=mm, second=0, microsecond=0)
        last = (s.get("sync_last_reconcile") or {}).get("at")
        last_local = dt.datetime.fromisoformat(last).astimezone(VN_TZ) if last else None
        return now >= due and (last_local is None or last_local < due)

    def run(self) -> None:
        store = Store(self.db_path, clock=self.clock) if self.clock else Store(self.db_path)
        session = self.session_factory()
        delay = 0.0
        try:
            while not self._stopping.is_set():
                self._wake.wait(delay)
                self._wake.clear()
                if self._stopping.is_set():
                    break
                delay = self._pass(store, session, delay)
        finally:
            session.close()
            store.close()

    def _pass(self, store: Store, session, delay: float) -> float:
        try:
            client = client_for(store, session=session, timeout=self.timeout)
        except NotEnrolled as exc:
            self._emit(enrolled=False, online=False, last_error=str(exc), unsynced=outbox.unsynced_count(store))
            return self.interval
        except SyncError as exc:  # an address this kiosk may not use: no request was made
            self._emit(enrolled=True, online=False, syncing=False, last_error=str(exc),
                       problem=getattr(exc, "problem", ""), unsynced=outbox.unsynced_count(store))
            return self.interval
        self._emit(enrolled=True, syncing=True)
        try:
            sync_once(store, client)
            if self.pictures is not None:
                self.pictures.prefetch()
            if self.reconcile_due(store):
                reconcile(store, client)
            s = store.settings()
            self._emit(online=True, syncing=False, last_error=refused_note(store), problem="",
                       last_sync_at=s.get("sync_last_sync_at"),
                       unsynced=outbox.unsynced_count(store), last_reconcile=s.get("sync_last_reconcile"))
            return self.interval
        except SyncError as exc:
            self._emit(online=isinstance(exc, Refused), syncing=False, last_error=str(exc),
                       problem=getattr(exc, "problem", ""), unsynced=outbox.unsynced_count(store))
            return min(self.max_backoff, max(self.interval, delay * 2 or self.interval))
        except Exception as exc:  # a bug must not stop the thread silently for days
            log.exception("sync pass failed")
            self._emit(online=False, syncing=False, last_error=f"{exc.__class__.__name__}: {exc}",
                       unsynced=outbox.unsynced_count(store))
            return min(self.max_backoff, max(self.interval, delay * 2 or self.interval))
        finally:
            self.passes += 1


# -- enrollment and bundles (kiosk side) -----------------------------------------------------
def enroll(store: Store, server_url: str, device_code: str, code: str, session=None, ca_file: str | None = None,
           allow_http: bool = False) -> dict:
    """Exchange the one-time code for this kiosk's token, and create its bundle-signing key.
    `ca_file`: the server's own CA bundle (kept in the kiosk's settings, trusted on every later
    request); `allow_http`: plain http to another machine, recorded so later syncs accept it too."""
    from .bundle import new_keypair

    if outbox.count(store) and store.device_code != device_code:
        raise SyncError(f"this kiosk already recorded events as {store.device_code}; "
                        f"it cannot become {device_code}")
    try:
        pem = tls.read_ca_file(ca_file) if ca_file else ""
    except tls.TransportError as exc:
        raise SyncError(str(exc)) from exc
    priv, pub = new_keypair()
    client = SyncClient(server_url, session=session, allow_http=allow_http,
                        verify=tls.ca_path(store.path, pem) if pem else True)
    try:
        info = client.enroll(device_code, code, pub)
    finally:
        client.close()
    if info.get("centre_key"):  # checks the centre's files at a fair (sync/fair.py)
        store.set_settings(sync_centre_key=str(info["centre_key"]))
    store.set_settings(server_url=server_url.rstrip("/"), sync_token=info["token"], sync_signing_key=priv,
                       device_code=device_code, location_name=info["location_name"] or store.setting("location_name"),
                       sync_ca_pem=pem, sync_allow_http=bool(allow_http))
    return info


def export_bundle(store: Store, path) -> dict:
    from .bundle import sign_events, write_file

    key = store.settings().get("sync_signing_key")
    if not key:
        raise NotEnrolled("this kiosk has no signing key: enroll it once (main.py enroll) before fairs")
    events = outbox.pending(store, limit=10_000_000)
    cursor = str(store.settings().get("sync_cursor", "0"))
    write_file(path, sign_events(str(key), store.device_code, events, store.now_iso(),
                                 catalog_cursor=int(cursor) if cursor.isdigit() else None))
    return {"events": len(events), "first_seq": events[0]["seq"] if events else None,
            "last_seq": events[-1]["seq"] if events else None, "path": str(path)}
