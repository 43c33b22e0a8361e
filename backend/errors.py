"""One error hierarchy. Every error carries a stable `code` and a message in Chinese and English."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel


@dataclass(frozen=True)
class FieldError:
    field: str
    message_zh: str
    message_en: str
    code: str = "invalid"


@dataclass
class AppError(Exception):
    code: str
    message_zh: str
    message_en: str
    status_code: int = 400
    field_errors: list[FieldError] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.code}: {self.message_en}"


def not_found(kind_zh: str, kind_en: str, code: str) -> AppError:
    return AppError(code, f"{kind_zh}不存在", f"{kind_en} not found", 404)


def forbidden(message_zh: str = "无权执行此操作", message_en: str = "Not allowed") -> AppError:
    return AppError("auth.forbidden", message_zh, message_en, 403)


def conflict(code: str, message_zh: str, message_en: str, **extra: str) -> AppError:
    return AppError(code, message_zh, message_en, 409, extra=extra)


def invalid(fields: list[FieldError]) -> AppError:
    return AppError(
        "validation_error", "提交的内容有误", "The submitted data is invalid", 422, fields
    )


def invalid_field(name: str, message_zh: str, message_en: str) -> AppError:
    return invalid([FieldError(name, message_zh, message_en)])


def stale_version() -> AppError:
    return conflict(
        "concurrency.stale_version",
        "数据已被他人修改，请刷新后重试",
        "This record was changed by someone else; reload and try again",
    )


class _FieldErrorBody(BaseModel):
    field: str
    loc: list[str]
    code: str
    message: str


class ErrorBody(BaseModel):
    """What every 4xx answer carries: a stable code for the client, a message for the person."""

    code: str
    message: str
    errors: list[_FieldErrorBody] | None = None
    current_state: str | None = None


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (401, "未登录 / not logged in"),
        (403, "无权限 / wrong role"),
        (404, "不存在 / not found"),
        (409, "状态冲突或数据已被修改 / illegal or stale change"),
        (422, "输入有误 / invalid input"),
    )
}
