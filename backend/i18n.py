"""Language negotiation and Chinese messages for pydantic's validation errors."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextvars import ContextVar
from typing import Any

LANGS = ("zh", "en")
# the language of the request being answered, set once per request by `backend.api.language.Language`
_LANGUAGE: ContextVar[str] = ContextVar("language", default="zh")


def use_language(lang: str) -> None:
    """Answer the rest of this request (this context) in `lang`."""
    _LANGUAGE.set(lang if lang in LANGS else "zh")


def current_language() -> str:
    return _LANGUAGE.get()


def in_language(zh: str | None, en: str | None) -> str | None:
    """A text kept in both languages, in the reader's: English when asked for and present."""
    return en if current_language() == "en" and en else zh


def pick_language(accept_language: str | None) -> str:
    """Chinese unless the client prefers English first."""
    if not accept_language:
        return "zh"
    for part in accept_language.split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("en"):
            return "en"
        if tag.startswith("zh") or tag == "*":
            return "zh"
    return "zh"


_ZH: dict[str, str] = {
    "missing": "此项为必填项",
    "string_too_short": "至少需要 {min_length} 个字符",
    "string_too_long": "不能超过 {max_length} 个字符",
    "too_short": "至少需要 {min_length} 项",
    "too_long": "不能超过 {max_length} 项",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
    "greater_than": "必须大于 {gt}",
    "less_than": "必须小于 {lt}",
    "int_parsing": "请输入整数",
    "int_type": "请输入整数",
    "int_from_float": "请输入整数",
    "float_parsing": "请输入数字",
    "float_type": "请输入数字",
    "decimal_parsing": "请输入数字",
    "string_type": "请输入文本",
    "bool_parsing": "请输入是或否",
    "bool_type": "请输入是或否",
    "list_type": "请提供列表",
    "dict_type": "格式不正确",
    "model_type": "格式不正确",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "date_type": "日期格式应为 YYYY-MM-DD",
    "datetime_parsing": "时间格式不正确",
    "enum": "请从以下选项中选择：{expected}",
    "literal_error": "请从以下选项中选择：{expected}",
    "value_error": "{reason}",
    "extra_forbidden": "不允许的字段",
    "json_invalid": "请求体不是有效的 JSON",
    "string_pattern_mismatch": "格式不正确",
    "uuid_parsing": "编号格式不正确",
    "url_parsing": "网址格式不正确",
}


def _plain(value: Any) -> Any:
    """0.0 reads as 0 to a person."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _format(template: str, ctx: Mapping[str, Any]) -> str:
    try:
        return template.format(**{k: _plain(v) for k, v in ctx.items()})
    except (KeyError, IndexError):
        return template


def field_name(loc: Sequence[int | str]) -> str:
    """`('body', 'organization', 'uscc')` → `organization.uscc`."""
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "form")]
    return ".".join(parts) if parts else str(loc[-1]) if loc else ""


def validation_message(error: Mapping[str, Any], lang: str) -> str:
    ctx = dict(error.get("ctx") or {})
    if error.get("type") == "value_error":
        reason = ctx.get("error")
        text = str(reason) if reason is not None else str(error.get("msg", ""))
        # our own validators raise "中文 | English"
        if " | " in text:
            zh, en = text.split(" | ", 1)
            return zh if lang == "zh" else en
        return text.removeprefix("Value error, ")
    if lang == "en":
        return str(error.get("msg", "Invalid value"))
    template = _ZH.get(str(error.get("type")))
    if template is None:
        return "输入不正确"
    if "expected" in ctx:
        ctx["expected"] = str(ctx["expected"]).replace(" or ", "、").replace("'", "")
    return _format(template, ctx)


def bilingual(zh: str, en: str) -> str:
    """Message for a pydantic validator to raise; the handler picks the caller's language."""
    return f"{zh} | {en}"
