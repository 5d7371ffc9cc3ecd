"""The public pages' templates (central/public/templates): the office's Jinja2 setup (escaping once,
line joining, gettext from the office catalogs, central/office/i18n.py) without anything private.

Why these pages say their language in the address too (?lang=en): a tourist shares the link, and
the one who opens it should read what was shared; without it, the browser's Accept-Language."""
from __future__ import annotations

from pathlib import Path

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from central.office import formats, i18n
from central.office.render import JoinLines, escape_once

TEMPLATES = Path(__file__).with_name("templates")
CACHE = "public, max-age=300"


def net(qty, unit: str, lang: str = "vi") -> str:
    """A net quantity held in grams or millilitres, as a label says it: 500 g, 1,5 kg (1.5 kg in
    English), 750 ml, 1 l."""
    if qty is None:
        return ""
    big = {"g": "kg", "ml": "l"}.get(unit, unit)
    if qty >= 1000 and unit in ("g", "ml"):
        whole, rest = divmod(int(qty), 1000)
        point = "." if lang == "en" else ","
        return f"{whole}{point}{str(rest).zfill(3).rstrip('0')} {big}" if rest else f"{whole} {big}"
    return f"{formats.num(qty)} {unit}"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, finalize=escape_once,
                             extensions=[JoinLines, "jinja2.ext.i18n"], undefined=jinja2.StrictUndefined,
                             auto_reload=False)
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=False)
    env.filters.update(day=formats.day_vi, num=formats.num, net=net)
    env.globals.update(i18n=i18n)
    return env


ENV = _environment()


def lang_of(request: Request) -> str:
    """?lang=vi|en first, else Accept-Language, else Vietnamese."""
    return i18n.known(request.query_params.get("lang")) or i18n.from_headers(None, request.headers.get("accept-language"))


def page(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
    """`template` rendered in the visitor's language; cacheable for a few minutes by anyone (public data,
    varying by language when the address does not name it)."""
    lang = lang_of(request)
    with i18n.using(lang):
        body = ENV.get_template(template).render(lang=lang, path=request.url.path, **context)
    headers = {"Cache-Control": CACHE, "Content-Language": lang, "Vary": "Accept-Language"}
    return HTMLResponse(body, status_code=status_code, headers=headers)
