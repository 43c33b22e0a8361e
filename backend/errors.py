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
    # where in the request, e.g. ("body", "organization", "name"); default: `field` split on "."
    loc: tuple[str, ...] = ()


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


# --- errors at the trust boundary: the transport, the framework and the database -------------


def _size(limit: int) -> str:
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if limit >= factor:
            return f"{limit / factor:.3g} {unit}"  # 97.7 KB, not 97.6562 KB
    return f"{limit} B"


def request_too_large(limit: int) -> AppError:
    size = _size(limit)
    return AppError(
        "request.too_large",
        f"请求内容过大（上限 {size}）",
        f"Request too large (limit {size})",
        413,
    )


def attachment_too_large(limit: int) -> AppError:
    size = _size(limit)
    return AppError(
        "attachment.too_large",
        f"附件过大（单个文件上限 {size}）",
        f"The attachment is too large (limit {size} per file)",
        413,
    )


def malformed_json(fields: list[FieldError]) -> AppError:
    return AppError(
        "request.malformed_json",
        "请求内容不是有效的 JSON",
        "The request body is not valid JSON",
        400,
        fields,
    )


def control_characters(located: list[tuple[str, tuple[str, ...]]]) -> AppError:
    """422 for (field, loc) pairs holding a NUL or another control character."""
    zh, en = "不能包含控制字符", "must not contain control characters"
    return invalid([FieldError(f, zh, en, "control_character", loc) for f, loc in located])


_HTTP_ERRORS: dict[int, tuple[str, str, str]] = {
    400: ("request.bad_request", "请求格式不正确", "The request is malformed"),
    401: ("auth.unauthenticated", "请先登录", "Please log in"),
    403: ("auth.forbidden", "无权执行此操作", "Not allowed"),
    404: ("not_found", "接口不存在", "No such endpoint"),
    405: ("request.method_not_allowed", "不支持该请求方法", "Method not allowed"),
    406: ("request.not_acceptable", "无法提供所请求的格式", "Cannot produce the requested format"),
    415: ("request.unsupported_media_type", "不支持的内容类型", "Unsupported content type"),
}


def http_error(status: int) -> AppError:
    """Our body for an error the framework raised itself (routing, body parsing)."""
    code, zh, en = _HTTP_ERRORS.get(
        status, ("request.error", "请求无法处理", "The request could not be handled")
    )
    return AppError(code, zh, en, status)


# what a unique constraint protects, by (table, first column): the field a person must change
_UNIQUE_RULES: dict[tuple[str, str], tuple[str, str, str, str]] = {
    ("users", "email"): (
        "email",
        "auth.email_taken",
        "该邮箱已注册",
        "This e-mail is already registered",
    ),
    ("organizations", "name"): (
        "organization.name",
        "organization.name_taken",
        "该机构名称已登记",
        "This organization name is already registered",
    ),
    ("organizations", "uscc"): (
        "organization.uscc",
        "organization.uscc_taken",
        "该统一社会信用代码已登记",
        "This credit code is already registered",
    ),
    ("demand_lists", "document_number"): (
        "document_number",
        "demand_list.document_number_taken",
        "该文号已被另一份清单使用",
        "Another list already has this document number",
    ),
    ("proposals", "demand_id"): (
        "demand_id",
        "proposal.duplicate",
        "贵机构已就该需求提交过方案",
        "Your organization has already made a proposal for this demand",
    ),
}


def duplicate(table: str, columns: tuple[str, ...]) -> AppError:
    """A unique constraint refused a write, maybe only at commit: 409 naming the field."""
    first = columns[0] if columns else ""
    field_, code, zh, en = _UNIQUE_RULES.get(
        (table, first), (first, "conflict.duplicate", "该记录已存在", "This record already exists")
    )
    error = conflict(code, zh, en)
    error.field_errors = [FieldError(field_, zh, en, "duplicate")] if field_ else []
    return error


def integrity_conflict() -> AppError:
    return conflict(
        "conflict.integrity",
        "数据与已有记录冲突，请刷新后重试",
        "This conflicts with existing data; reload and try again",
    )


def unstorable_input() -> AppError:
    """The database refused a value the schemas let through (a last line of defence)."""
    return AppError(
        "validation_error",
        "提交的内容中有无法保存的值",
        "The submitted data contains a value that cannot be stored",
        422,
    )


def service_busy() -> AppError:
    return AppError(
        "service.busy", "服务繁忙，请稍后重试", "The service is busy; try again shortly", 503
    )


def service_unavailable() -> AppError:
    return AppError(
        "service.unavailable",
        "服务暂时不可用，请稍后重试",
        "The service is temporarily unavailable; please try again shortly",
        503,
    )
