"""公示 and 异议: a notice is public, and so is its document (anyone may export it, anonymous
visitors included, while it runs and after); anyone logged in may object while it runs; the
region's officials resolve."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from backend.common.workflow import Role
from backend.errors import AppError, conflict
from backend.policy.engine import Kind, Policy, Precondition, Rule
from backend.policy.principal import Principal
from backend.review.models import Notice, Objection

EVERY_ROLE = frozenset(Role)
ANYONE: frozenset[Role] = frozenset()


@dataclass(frozen=True)
class NoticeView:
    notice: Notice
    now: datetime


@dataclass(frozen=True)
class ObjectionView:
    objection: Objection
    region: str


def _closed(_: NoticeView) -> AppError:
    return conflict(
        "notice.closed",
        "公示期已结束，不能再提出异议",
        "The notice period has ended",
        current_state="closed",
    )


NOTICE_POLICY: Policy[NoticeView] = Policy(
    Kind("notice", "公示", "Notice"),
    state_of=lambda v: "open" if v.notice.ends_at > v.now else "closed",
    visible=lambda _p, _v: True,
)
# the notice as a PDF: a public record, open or closed
NOTICE_POLICY.add(Rule("export", ANYONE, lambda _p, _v: True, "anyone"))
NOTICE_POLICY.add(
    Rule(
        "lodge_objection",
        EVERY_ROLE,
        lambda p, _v: not p.is_anonymous,
        "logged_in",
        preconditions=(Precondition("open", lambda _, v: v.notice.ends_at > v.now, _closed),),
    )
)


def _official_of(p: Principal, v: ObjectionView) -> bool:
    return p.covers(v.region)


OBJECTION_POLICY: Policy[ObjectionView] = Policy(
    Kind("objection", "异议", "Objection"),
    state_of=lambda v: v.objection.status,
    visible=lambda _p, _v: True,
)
OBJECTION_POLICY.add(
    Rule(
        "resolve",
        frozenset({Role.OFFICIAL}),
        _official_of,
        "official_of_region",
        frozenset({"open"}),
        outside_zh="该异议不在您的管辖范围内",
        outside_en="This objection is outside your region",
    )
)
