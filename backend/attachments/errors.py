"""Every refusal of an attachment, with its Chinese (default) and English message."""

from __future__ import annotations

from backend.errors import AppError, attachment_too_large, conflict, not_found

__all__ = ["attachment_too_large", "empty", "missing", "too_many", "unknown", "unsupported_type"]


def unknown() -> AppError:
    return not_found("附件", "Attachment", "attachment.not_found")


def missing() -> AppError:
    return AppError(
        "attachment.missing",
        "附件文件已丢失，请联系上传方重新上传",
        "The attachment's file is missing; ask the uploader to upload it again",
        404,
    )


def unsupported_type() -> AppError:
    return AppError(
        "attachment.unsupported_type",
        "不支持的文件类型：仅接受 PDF、Office 文档、PNG/JPEG/GIF/WEBP 图片、UTF-8 纯文本和 ZIP 压缩包",
        "Unsupported file type: PDF, Office documents, PNG/JPEG/GIF/WEBP images, "
        "UTF-8 plain text and ZIP archives only",
        415,
    )


def empty() -> AppError:
    return AppError("attachment.empty", "文件为空", "The file is empty", 422)


def too_many(limit: int) -> AppError:
    return conflict(
        "attachment.too_many",
        f"附件数量已达上限（每项最多 {limit} 个）",
        f"Too many attachments (at most {limit} each)",
    )
