"""The central office's web dashboard (/office): its pages and the catalog-problems page.
Its JSON API is central/api/routes/office.py; the loop that applies scheduled changes is
central/scheduler.py."""
from __future__ import annotations

from fastapi import APIRouter

from central.office import pages, problems

router = APIRouter()
router.include_router(pages.router)
router.include_router(problems.router)
