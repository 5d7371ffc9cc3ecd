"""What every provider adapter shares: the documents it is given, the outcomes it gives back, and a
token-holding HTTP client that logs in lazily, refreshes an expired token once per call and never
logs in twice at the same time (one client serves a seller's whole batch, from several threads).

An adapter answers in four words the sender understands: `accepted` (the provider holds the invoice,
with its number and reference), `refused` (the provider examined the invoice and said no: a person
must look), `retry` (no verdict: network, provider down, login refused, a server error — try again
later; the reason is kept), `missing` (a lookup found nothing under our transaction id) and
`duplicate` (the provider already has our transaction id: look it up). Every HTTP reply is kept as
a `Reply` for invoice_replies.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Callable, NamedTuple

import requests

BODY_KEPT = 4000  # characters of a reply body kept in invoice_replies / the delivery row


@dataclass
class Seller:
    """One seller's provider settings, credentials already decrypted (in memory only)."""
    tax_code: str
    name: str = ""
    address: str = ""
    template: str = "1"
    provider: str = ""
    url: str = ""
    options: dict = field(default_factory=dict)
    username: str = ""
    password: str = ""
    lookup_url: str = ""


@dataclass
class Doc:
    """An invoice as stored centrally (the kiosk's snapshot) and, for a replacement or an
    adjustment, the invoice it refers to."""
    invoice: dict
    lines: list[dict]
    related: dict | None = None


class Reply(NamedTuple):
    action: str        # login | create | lookup
    http_status: int   # 0 when no HTTP answer came
    outcome: str       # ok | error | expired | unreachable ...
    body: str


class Outcome(NamedTuple):
    kind: str          # accepted | refused | retry | missing | duplicate
    reason: str = ""
    invoice_no: str = ""
    ref: str = ""
    replies: tuple = ()

    def with_replies(self, replies: list[Reply]) -> "Outcome":
        return self._replace(replies=tuple(replies) + self.replies)


class LoginFailed(Exception):
    """The provider refused or did not answer a login; `reply` is None when the refusal was
    remembered from earlier in the same round (no new request was made)."""

    def __init__(self, reason: str, reply: Reply | None):
        super().__init__(reason)
        self.reason = reason
        self.reply = reply


def body_text(resp: requests.Response) -> str:
    try:
        return resp.text[:BODY_KEPT]
    except Exception:  # noqa: BLE001 - an undecodable body is kept as what we can say of it
        return f"<{len(resp.content)} bytes>"


def json_or_none(resp: requests.Response):
    try:
        return resp.json()
    except ValueError:
        return None


class Client:
    """Subclasses give `name`, `default_url`, `_login()`, `_expired(resp)` and the calls."""
    name = ""
    default_url = ""
    timeout = 60.0  # Viettel recommends 60-90 s (Odoo's sinvoice_service.py)

    def __init__(self, seller: Seller, session: requests.Session | None = None,
                 clock: Callable[[], float] = time.time, timeout: float | None = None):
        self.seller = seller
        self.base = (seller.url or self.default_url).rstrip("/")
        self.http = session or requests.Session()
        self.clock = clock
        self.timeout = timeout or self.timeout
        self._lock = threading.Lock()
        self._token = ""
        self._expires = 0.0
        self.logins = 0
        self.failed: LoginFailed | None = None  # a refused login, remembered until the next round

    # -- the token -------------------------------------------------------------------------------
    def _login(self) -> tuple[str, float, Reply]:
        """(token, seconds it lives, the reply); raises LoginFailed."""
        raise NotImplementedError

    def _expired(self, resp: requests.Response) -> bool:
        return resp.status_code == 401

    def token(self, stale: str = "") -> tuple[str, list[Reply]]:
        """A live token, logging in when there is none, it has run out, or the provider refused
        `stale` (then only if no other thread has already replaced it)."""
        with self._lock:
            if self._token and self._token != stale and self.clock() < self._expires:
                return self._token, []
            if self.failed is not None:  # one login attempt per round, not one per invoice
                raise LoginFailed(self.failed.reason, None)
            try:
                token, ttl, reply = self._login()
            except LoginFailed as exc:
                self.failed = exc
                raise
            except Exception as exc:  # noqa: BLE001 - unreachable: remembered too, then raised as it was
                self.failed = LoginFailed(f"no answer ({type(exc).__name__})", None)
                raise
            self.logins += 1
            self._token, self._expires = token, self.clock() + max(0.0, ttl - 30)  # renew 30 s early
            return token, [reply]

    def authed(self, send: Callable[[str], requests.Response]) -> tuple[requests.Response, list[Reply]]:
        """Call `send(token)`; on a token the provider says has expired, log in again and call once more."""
        token, replies = self.token()
        resp = send(token)
        if self._expired(resp):
            replies.append(Reply("auth", resp.status_code, "expired", body_text(resp)))
            token, more = self.token(stale=token)
            replies += more
            resp = send(token)
        return resp, replies

    def guarded(self, action: str, call: Callable[[], Outcome]) -> Outcome:
        """Run a create or lookup, turning network trouble and login refusals into `retry`."""
        try:
            return call()
        except LoginFailed as exc:
            return Outcome("retry", f"{self.name}: login refused: {exc.reason}",
                           replies=(exc.reply,) if exc.reply else ())
        except requests.RequestException as exc:
            why = f"{self.name}: no answer to {action} ({type(exc).__name__}: {str(exc)[:200]})"
            return Outcome("retry", why, replies=(Reply(action, 0, "unreachable", why),))

    def new_round(self) -> None:
        """Forget a refused login: the next round may log in again."""
        with self._lock:
            self.failed = None

    # -- what the sender calls ---------------------------------------------------------------------
    def request_body(self, doc: Doc) -> dict:
        raise NotImplementedError

    def create(self, doc: Doc) -> Outcome:
        raise NotImplementedError

    def lookup(self, doc: Doc) -> Outcome:
        raise NotImplementedError
