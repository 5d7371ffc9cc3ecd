"""What every office page handler takes: the signed-in user (any role, or an editor), the database
engine, and the answer for a download."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import Response

from central.office import auth
from central.office.auth import OfficeUser

User = Annotated[OfficeUser, Depends(auth.page_user)]
Editor = Annotated[OfficeUser, Depends(auth.page_editor)]
Settler = Annotated[OfficeUser, Depends(auth.page_settler)]


def engine(request: Request):
    return request.app.state.engine


def download(content: bytes, name: str, media: str) -> Response:
    return Response(content, media_type=media,
                    headers={"Content-Disposition": f"attachment; filename=\"{name}\"", "Cache-Control": "no-store"})
