"""The period and filters a report page reads from its query string (`range=7d`, or `start`/`end`
typed dd/mm/yyyy or ISO, plus location, device, producer), and the choices its filter form offers."""
from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse

from central.catalog import edit as ca
from central.figures import reports as rp
from central.office.formats import day_vi, parse_day_vi, qs
from central.office.i18n import _, error_text


def filters_from(request: Request, default: str = "today") -> tuple[rp.Filters, str, str]:
    """(filters, preset name or '', error text) from the query string; days may be dd/mm/yyyy (as
    typed in the form) or ISO (links); bad input falls back to the default range with the reason."""
    q = request.query_params
    preset = q.get("range", "")
    try:
        if q.get("start"):
            preset = ""
            start = parse_day_vi(q.get("start"), _("Từ ngày"))
            end = parse_day_vi(q.get("end"), _("Đến ngày")) if q.get("end") else start
        else:
            preset = preset or default
            start, end = rp.named_range(preset)
        return rp.Filters.make(start, end, q.get("location"), q.get("device"), q.get("producer")), preset, ""
    except rp.ReportError as exc:
        start, end = rp.named_range(default)
        return rp.Filters.make(start, end), default, error_text(exc)


def iso_redirect(request: Request) -> RedirectResponse | None:
    """Days typed dd/mm/yyyy in a GET form come back as the same page with ISO days in the URL,
    so links, bookmarks and downloads always carry ISO dates."""
    q = dict(request.query_params)
    changed = False
    for k in ("start", "end"):
        v = q.get(k)
        if v and not (len(v) == 10 and v[4] == "-"):
            try:
                q[k] = parse_day_vi(v)
            except rp.ReportError:
                return None  # the page shows the error
            changed = True
    return RedirectResponse(f"{request.url.path}?{qs(**q)}", status_code=303) if changed else None


def period_text(f: rp.Filters) -> str:
    if f.start == f.end:
        return _("Ngày {day}").format(day=day_vi(f.start))
    return _("Từ {start} đến {end}").format(start=day_vi(f.start), end=day_vi(f.end))


def form_choices(conn, with_device: bool = True, with_producer: bool = True) -> dict:
    """The options of the filter form's selects (None: the form leaves that select out)."""
    return {"locations": [(x["code"], x["name"] or x["code"]) for x in rp.locations(conn)],
            "devices": [(x["code"], x["code"] + " · " + x["name"]) for x in rp.devices(conn)] if with_device else None,
            "producers": [(p["id"], p["name"]) for p in ca.list_producers(conn)] if with_producer else None}
