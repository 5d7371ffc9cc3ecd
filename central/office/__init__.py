"""The central office's web dashboard (/office): one module per page or family of pages in
office/pages/, Jinja2 templates in office/templates/ (rendered by office/render.py), sign-in and
CSRF in office/auth.py. Its JSON API is central/api/routes/office.py; the loop that applies
scheduled changes is central/scheduler.py."""
from __future__ import annotations

from fastapi import APIRouter

from central.office.pages import (catalog, consignment, content, devices, einvoice_notices, einvoice_sellers, einvoices,
                                  imports, marketplaces, overview, portal, prices, problems, producers, products,
                                  promotions, recalls, replenish, session, settlement, settlement_periods, stock, vat)

router = APIRouter()
# Order matters where paths overlap: each module lists its fixed paths (…/new) before its {id} paths.
for module in (session, overview, stock, consignment, devices, settlement_periods, settlement, catalog, content,
               products, producers, imports, prices, vat, recalls, promotions, problems, einvoice_sellers,
               einvoice_notices, einvoices, replenish, marketplaces, portal):
    router.include_router(module.router)
