from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, BinaryIO

from fastapi import APIRouter, File, Response, UploadFile
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session

from backend.api.deps import (
    CurrentUser,
    MarketUser,
    OptionalUser,
    ProviderUser,
    PublisherUser,
    SessionDep,
    SettingsDep,
)
from backend.api.params import IdPath
from backend.attachments import service
from backend.attachments.names import content_disposition
from backend.attachments.schemas import AttachmentRead
from backend.attachments.storage import CHUNK_BYTES
from backend.auth.models import User
from backend.config import Settings
from backend.errors import ErrorBody

router = APIRouter(tags=["attachments"])

FileField = Annotated[
    UploadFile,
    File(description="文件：PDF、Office 文档、PNG/JPEG/GIF/WEBP、UTF-8 纯文本或 ZIP（按内容识别）"),
]
UPLOAD_RESPONSES: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorBody, "description": "文件过大 / attachment.too_large"},
    415: {"model": ErrorBody, "description": "不支持的文件类型 / attachment.unsupported_type"},
}


def _upload(
    parent_type: str,
    parent_id: int,
    file: UploadFile,
    session: Session,
    user: User,
    settings: Settings,
) -> AttachmentRead:
    attachment = service.upload(
        session,
        parent_type=parent_type,
        parent_id=parent_id,
        user=user,
        source=file.file,
        filename=file.filename,
        settings=settings,
    )
    return AttachmentRead.model_validate(attachment)


@router.post(
    "/demands/{demand_id}/attachments",
    response_model=AttachmentRead,
    status_code=201,
    operation_id="attachToDemand",
    responses=UPLOAD_RESPONSES,
)
def attach_to_demand(
    demand_id: IdPath,
    file: FileField,
    session: SessionDep,
    user: PublisherUser,
    settings: SettingsDep,
) -> AttachmentRead:
    return _upload("demand", demand_id, file, session, user, settings)


@router.post(
    "/solutions/{solution_id}/attachments",
    response_model=AttachmentRead,
    status_code=201,
    operation_id="attachToSolution",
    responses=UPLOAD_RESPONSES,
)
def attach_to_solution(
    solution_id: IdPath,
    file: FileField,
    session: SessionDep,
    user: ProviderUser,
    settings: SettingsDep,
) -> AttachmentRead:
    return _upload("solution", solution_id, file, session, user, settings)


@router.post(
    "/proposals/{proposal_id}/attachments",
    response_model=AttachmentRead,
    status_code=201,
    operation_id="attachToProposal",
    responses=UPLOAD_RESPONSES,
)
def attach_to_proposal(
    proposal_id: IdPath,
    file: FileField,
    session: SessionDep,
    user: ProviderUser,
    settings: SettingsDep,
) -> AttachmentRead:
    return _upload("proposal", proposal_id, file, session, user, settings)


@router.post(
    "/applications/{application_id}/attachments",
    response_model=AttachmentRead,
    status_code=201,
    operation_id="attachToApplication",
    responses=UPLOAD_RESPONSES,
)
def attach_to_application(
    application_id: IdPath,
    file: FileField,
    session: SessionDep,
    user: MarketUser,
    settings: SettingsDep,
) -> AttachmentRead:
    return _upload("application", application_id, file, session, user, settings)


def _chunks(source: BinaryIO) -> Iterator[bytes]:
    with source:
        while chunk := source.read(CHUNK_BYTES):
            yield chunk


@router.get(
    "/attachments/{attachment_id}",
    response_class=StreamingResponse,
    operation_id="downloadAttachment",
    responses={
        200: {
            "description": "文件内容（下载）",
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    },
)
def download_attachment(
    attachment_id: IdPath, session: SessionDep, user: OptionalUser, settings: SettingsDep
) -> StreamingResponse:
    """The file as a download, for whoever may see its parent (others 404)."""
    attachment, source = service.open_download(
        session, attachment_id=attachment_id, user=user, settings=settings
    )
    return StreamingResponse(
        _chunks(source),
        media_type=attachment.content_type,
        headers={
            "Content-Disposition": content_disposition(attachment.filename),
            "Content-Length": str(attachment.size),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )


@router.delete(
    "/attachments/{attachment_id}",
    status_code=204,
    response_class=Response,
    operation_id="deleteAttachment",
)
def delete_attachment(
    attachment_id: IdPath, session: SessionDep, user: CurrentUser, settings: SettingsDep
) -> Response:
    """By whoever may edit the parent's attachments, while the parent allows it (409 after)."""
    service.delete(session, attachment_id=attachment_id, user=user, settings=settings)
    return Response(status_code=204)
