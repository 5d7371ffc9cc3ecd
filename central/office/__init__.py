"""The central office's web dashboard (/office): one module per page or family of pages in
office/pages/, Jinja2 templates in office/templates/ (rendered by office/render.py), sign-in and
CSRF in office/auth.py. Its JSON API is central/api/routes/office.py; the loop that applies
scheduled changes is central/scheduler.py."""
from __future__ import annotations

from fastapi import APIRouter

from central.office.pages import (catalog, consignment, content, devices, einvoice_notices, einvoice_sellers, einvoices,
                                  fair, imports, marketplaces, overview, portal, price_lists, prices, problems, producers,
                                  products, promotions, recalls, replenish, session, sets, settlement,
                                  settlement_periods, stock, vat, vouchers)

router = APIRouter()
# Order matters where paths overlap: each module lists its fixed paths (…/new) before its {id} paths.
for module in (session, overview, stock, consignment, fair, devices, settlement_periods, settlement, catalog, content,
               sets, products, producers, imports, prices, price_lists, vat, recalls, promotions, problems,
               einvoice_sellers, einvoice_notices, einvoices, replenish, marketplaces, portal, vouchers):
    router.include_router(module.router)
