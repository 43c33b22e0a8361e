"""示范申报 and its sealed review.

Officials of the demand's region run the review. An assigned expert sees only their own
assignment and score until they have scored. The parties never see expert names, comments or
conflict statements, and see the aggregate score only once the application is decided.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from backend.common.workflow import Role
from backend.demands.models import Demand
from backend.errors import AppError, conflict
from backend.matches.models import Match
from backend.policy.engine import Kind, Policy, Precondition, Rule
from backend.policy.matches import sides
from backend.policy.principal import Principal
from backend.review.models import Application
from backend.review.workflow import APPLICATION_WORKFLOW, DECIDED_STATES


@dataclass(frozen=True)
class ApplicationView:
    """An application with the facts its rules are decided on, loaded once per request."""

    application: Application
    match: Match
    demand: Demand
    now: datetime
    min_experts: int
    assignments: dict[int, str] = field(default_factory=dict)  # expert id → assignment status
    score_count: int = 0
    notice_ends_at: datetime | None = None
    blocking_objections: int = 0


def is_party(p: Principal, v: ApplicationView) -> bool:
    return bool(sides(p, v.match, v.demand))


def official_of(p: Principal, v: ApplicationView) -> bool:
    return p.covers(v.demand.region)


def assignment_of(p: Principal, v: ApplicationView) -> str | None:
    if p.user_id is None or Role.EXPERT.value not in p.roles:
        return None
    return v.assignments.get(p.user_id)


def is_assigned(p: Principal, v: ApplicationView) -> bool:
    return assignment_of(p, v) is not None


def _visible(p: Principal, v: ApplicationView) -> bool:
    return is_party(p, v) or official_of(p, v) or is_assigned(p, v)


class ReviewView(StrEnum):
    """How much of the review a person may see."""

    FULL = "full"  # officials of the region
    OWN_ONLY = "own_only"  # an assigned expert who has not scored
    EXPERT_SCORED = "expert_scored"  # an assigned expert after their own score: the aggregate too
    AGGREGATE = "aggregate"  # the parties, once decided
    NOTHING = "nothing"  # the parties while under review


def review_view(p: Principal, v: ApplicationView) -> ReviewView:
    if official_of(p, v):
        return ReviewView.FULL
    own = assignment_of(p, v)
    if own == "scored":
        return ReviewView.EXPERT_SCORED
    if own is not None:
        return ReviewView.OWN_ONLY
    if v.application.status in DECIDED_STATES:
        return ReviewView.AGGREGATE
    return ReviewView.NOTHING


def _state_conflict(code: str, zh: str, en: str) -> Callable[[ApplicationView], AppError]:
    def refusal(v: ApplicationView) -> AppError:
        return conflict(code, zh, en, current_state=v.application.status)

    return refusal


def _not_enough_scores(v: ApplicationView) -> AppError:
    return conflict(
        "application.not_enough_scores",
        f"需至少 {v.min_experts} 位专家评分，目前 {v.score_count} 位",
        f"Needs {v.min_experts} expert scores, has {v.score_count}",
        current_state=v.application.status,
    )


APPLICATION_POLICY: Policy[ApplicationView] = Policy(
    Kind("application", "示范申报", "Application"),
    state_of=lambda v: v.application.status,
    visible=_visible,
    workflow=APPLICATION_WORKFLOW,
)
REGION_ZH, REGION_EN = "该申报不在您的管辖范围内", "This application is outside your region"
NOT_ASSIGNED_ZH, NOT_ASSIGNED_EN = (
    "您未被分配评审该申报",
    "You are not assigned to this application",
)

# the parties add or remove their material (附件) until the preliminary review (初审) takes it
APPLICATION_POLICY.add(
    Rule(
        "edit_attachments",
        frozenset({Role.PUBLISHER, Role.PROVIDER}),
        is_party,
        "party",
        frozenset({"submitted"}),
        outside_zh="只有申报双方可以修改附件",
        outside_en="Only the parties of the application may change its attachments",
    )
)
for action in ("pass", "reject", "assign_experts"):
    APPLICATION_POLICY.transition_rule(
        action, official_of, "official_of_region", outside_zh=REGION_ZH, outside_en=REGION_EN
    )
APPLICATION_POLICY.transition_rule(
    "open_notice",
    official_of,
    "official_of_region",
    preconditions=[
        Precondition(
            "enough_scores", lambda _, v: v.score_count >= v.min_experts, _not_enough_scores
        )
    ],
    outside_zh=REGION_ZH,
    outside_en=REGION_EN,
)
APPLICATION_POLICY.transition_rule(
    "designate",
    official_of,
    "official_of_region",
    preconditions=[
        Precondition(
            "notice_ended",
            lambda _, v: v.notice_ends_at is not None and v.notice_ends_at <= v.now,
            _state_conflict(
                "application.notice_running",
                "公示期尚未结束，不能认定",
                "The public notice has not ended yet",
            ),
        ),
        Precondition(
            "no_open_objection",
            lambda _, v: v.blocking_objections == 0,
            _state_conflict(
                "application.open_objection",
                "公示期间有未处理或成立的异议，不能认定",
                "An objection is open or upheld",
            ),
        ),
    ],
    outside_zh=REGION_ZH,
    outside_en=REGION_EN,
)
_NOT_DECLARED = Precondition(
    "not_conflict_declared",
    lambda p, v: assignment_of(p, v) != "conflict_declared",
    _state_conflict(
        "application.conflict_declared",
        "您已声明回避，不能再评分或声明",
        "You have declared a conflict",
    ),
)
_NOT_SCORED = Precondition(
    "not_scored",
    lambda p, v: assignment_of(p, v) != "scored",
    _state_conflict(
        "application.already_scored", "您已评分（每位专家只评一次）", "You have already scored"
    ),
)
for action in ("score", "declare_conflict"):
    APPLICATION_POLICY.transition_rule(
        action,
        is_assigned,
        "assigned_expert",
        preconditions=[_NOT_DECLARED, _NOT_SCORED],
        outside_zh=NOT_ASSIGNED_ZH,
        outside_en=NOT_ASSIGNED_EN,
    )
