"""The office pages' languages: Vietnamese (the default, and the language the source strings are
written in) and English, from gettext catalogs (central/office/translations/<lang>/LC_MESSAGES/
messages.po, compiled to the committed messages.mo by `python -m central.office.i18n_build`; Babel
extracts the strings from the templates and the page modules, see babel.cfg there).

The language of a request lives in a context variable: set once per request (the signed-in user's
choice, or before sign-in the `ocop_lang` cookie / Accept-Language) and read by `_()` in Python and
by the templates' `{% trans %}` / `_()` (jinja2.ext.i18n with these callables installed), so
imported macros translate too. Strings defined at import time are marked with `N_` and translated
where they are shown."""
from __future__ import annotations

import contextvars
import gettext as _gettext
from contextlib import contextmanager
from functools import cache
from pathlib import Path

LANGS = ("vi", "en")
DEFAULT = "vi"
NAMES = {"vi": "VI", "en": "EN"}
COOKIE = "ocop_lang"
DOMAIN = "messages"
TRANSLATIONS = Path(__file__).with_name("translations")
_current: contextvars.ContextVar[str] = contextvars.ContextVar("office_lang", default=DEFAULT)


def known(lang: str | None) -> str | None:
    """The language code if the office speaks it ('en-US' -> 'en'), else None."""
    code = (lang or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGS else None


@cache
def catalog(lang: str) -> _gettext.NullTranslations:
    """The compiled catalog of a language (read once per process)."""
    return _gettext.translation(DOMAIN, TRANSLATIONS, languages=[lang], fallback=lang == DEFAULT)


def current() -> str:
    return _current.get()


def set_lang(lang: str | None) -> None:
    """The language of the rest of this request (an unknown code means the default)."""
    _current.set(known(lang) or DEFAULT)


@contextmanager
def using(lang: str | None):
    token = _current.set(known(lang) or DEFAULT)
    try:
        yield
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    return catalog(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalog(_current.get()).ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:  # noqa: N802 - gettext's own name for "mark only"
    """Marks a string for extraction; it is translated where it is shown."""
    return message


_TRANSLATED_PARAMS = ("label", "what")  # parts of a message that are words of the catalogs, not data


def error_text(exc: Exception) -> str:
    """A refusal (CatalogError, ReportError) in the page's language: its template (`msgid`) and
    the words among its parameters translated, a refusal given as a parameter (the first bad row
    of an import) likewise, the data as it was; str(exc) when it has no template."""
    msgid = getattr(exc, "msgid", None)
    if not msgid:
        return str(exc)
    return message_text(msgid, getattr(exc, "params", None) or {})


def message_text(msgid: str, params: dict) -> str:
    """A template and its parameters (as an import's preview stores them) in the page's language."""
    words = {k: error_text(v) if getattr(v, "msgid", None) else
             gettext(v) if k in _TRANSLATED_PARAMS and isinstance(v, str) else v for k, v in params.items()}
    return gettext(msgid).format(**words) if params else gettext(msgid)


def from_headers(cookie: str | None, accept_language: str | None) -> str:
    """The language before anyone signs in: the cookie if set, else the browser's first language
    the office speaks (Accept-Language, by its q weights), else Vietnamese."""
    if known(cookie):
        return known(cookie)
    ranked = []
    for i, part in enumerate((accept_language or "").split(",")):
        tag, _sep, params = part.strip().partition(";")
        q = 1.0
        for p in params.split(";"):
            k, _eq, v = p.strip().partition("=")
            if k == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        if known(tag) and q > 0:
            ranked.append((-q, i, known(tag)))
    return min(ranked)[2] if ranked else DEFAULT
