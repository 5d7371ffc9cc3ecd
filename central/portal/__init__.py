"""The producer portal (/portal): each producer's own login (role `producer`, made by the office)
reads its sales, stock with days of cover, statements, payouts, lots and what to bring next (the
weekly replenishment list), and announces deliveries
the kiosks receive against. Pages share the office's Jinja2 environment and catalogs (templates in
central/office/templates/portal/); who is signed in and which producer they are is
central/portal/auth.py, the figures central/figures/portal.py."""
from __future__ import annotations

from fastapi import APIRouter

from central.portal import deliveries, money, orders, pages

router = APIRouter()
for module in (pages, money, orders, deliveries):  # each lists fixed paths (…/new, ….pdf) before its {id} paths
    router.include_router(module.router)
