"""待办: what waits for this user's action, by role. Each group asks the module's own queue
query and the object's policy which actions this user has now (`next_actions`/`allows`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from backend.auth.models import User
from backend.common.workflow import Role
from backend.config import Settings
from backend.demand_lists import service as demand_lists
from backend.demands import repository as demands
from backend.i18n import current_language
from backend.matches import repository as matches
from backend.matches.service import view_of as match_view
from backend.notifications.schemas import TodoGroup, TodoItem, Todos
from backend.organizations import repository as organizations
from backend.policy import Principal, principal_of
from backend.policy.applications import APPLICATION_POLICY, ApplicationView
from backend.policy.demand_lists import DEMAND_LIST_POLICY
from backend.policy.demands import list_scope
from backend.policy.matches import MATCH_POLICY
from backend.policy.notices import OBJECTION_POLICY, ObjectionView
from backend.policy.organizations import MEMBER_POLICY, MemberView
from backend.review import repository as review
from backend.review import service as applications

SHOWN = 5
MATCHES_LOOKED_AT = 500
REVIEW_ACTIONS = frozenset({"pass", "open_notice", "designate"})


@dataclass(frozen=True)
class Group:
    key: str
    title_zh: str
    title_en: str
    link: str
    roles: frozenset[Role]


GROUPS = (
    Group(
        "precheck",
        "待形式审核的需求",
        "Demands to pre-check",
        "/workspace/official",
        frozenset({Role.OFFICIAL}),
    ),
    Group(
        "lists_to_publish",
        "待发布的需求清单",
        "Demand lists to publish",
        "/workspace/official",
        frozenset({Role.OFFICIAL}),
    ),
    Group(
        "applications_to_review",
        "待处理的示范申报",
        "Applications to review",
        "/workspace/official",
        frozenset({Role.OFFICIAL}),
    ),
    Group(
        "objections_to_resolve",
        "待处理的异议",
        "Objections to resolve",
        "/workspace/official",
        frozenset({Role.OFFICIAL}),
    ),
    Group(
        "scores_to_give",
        "待评分的申报",
        "Applications to score",
        "/workspace/expert",
        frozenset({Role.EXPERT}),
    ),
    Group(
        "proposals_to_read",
        "待答复的揭榜方案",
        "Proposals to answer",
        "/workspace/publisher",
        frozenset({Role.PUBLISHER}),
    ),
    Group(
        "candidates_to_answer",
        "待确认的匹配",
        "Pairings to answer",
        "/workspace/provider",
        frozenset({Role.PUBLISHER, Role.PROVIDER}),
    ),
    Group(
        "returned_demands",
        "被退回待修改的需求",
        "Returned demands to revise",
        "/workspace/publisher",
        frozenset({Role.PUBLISHER}),
    ),
    Group(
        "members_to_approve",
        "待审核的机构成员",
        "Members to approve",
        "/workspace/organization",
        frozenset(Role),
    ),
)

Found = tuple[int, list[TodoItem]]


def _item(object_type: str, object_id: int, title: str, link: str) -> TodoItem:
    return TodoItem(object_type=object_type, object_id=object_id, title=title, link=link)


def _precheck(session: Session, p: Principal, user: User, settings: Settings) -> Found:
    scope = list_scope(p, mine=False, statuses=["submitted"])
    rows, total = demands.list_demands(
        session,
        organization_id=None,
        statuses=["submitted"],
        region=scope.region,
        offset=0,
        limit=SHOWN,
    )
    return total, [_item("demand", d.id, d.title, f"/workspace/demands/{d.id}") for d in rows]


def _lists(session: Session, p: Principal, user: User, settings: Settings) -> Found:
    rows = [
        r
        for r in demand_lists.list_lists(session, user=user, published_only=False)
        if DEMAND_LIST_POLICY.allows(p, "publish", r)
    ]
    return len(rows), [_item("demand_list", r.id, r.title, "/lists") for r in rows[:SHOWN]]


def _waits(p: Principal, v: ApplicationView, wanted: frozenset[str]) -> bool:
    """An action in `wanted` is open to `p`; experts still to be assigned count for officials
    (fewer active assignments than the review needs), not the standing right to add more."""
    actions = {a.action for a in APPLICATION_POLICY.next_actions(p, v)}
    if actions & (wanted - {"assign_experts"}):
        return True
    if "assign_experts" in actions and "assign_experts" in wanted:
        active = sum(1 for status in v.assignments.values() if status != "conflict_declared")
        return active < v.min_experts
    return False


def _applications(
    session: Session, user: User, settings: Settings, wanted: frozenset[str]
) -> Found:
    p = principal_of(user)
    views = applications.visible_list(session, user=user, statuses=None, settings=settings)
    waiting = [v for v in views if _waits(p, v, wanted)]
    return len(waiting), [
        _item(
            "application",
            v.application.id,
            v.demand.title,
            f"/workspace/applications/{v.application.id}",
        )
        for v in waiting[:SHOWN]
    ]


def _to_review(session: Session, p: Principal, user: User, settings: Settings) -> Found:
    return _applications(session, user, settings, REVIEW_ACTIONS | {"assign_experts"})


def _to_score(session: Session, p: Principal, user: User, settings: Settings) -> Found:
    return _applications(session, user, settings, frozenset({"score"}))


def _objections(session: Session, p: Principal, user: User, settings: Settings) -> Found:
    found: list[TodoItem] = []
    for notice in review.notices(session):
        application = review.get(session, notice.application_id)
        if application is None:
            continue
        view = applications.view_of(session, application, settings=settings)
        for objection in review.objections(session, notice.id):
            if OBJECTION_POLICY.allows(p, "resolve", ObjectionView(objection, view.demand.region)):
                found.append(
                    _item(
                        "application",
                        application.id,
                        view.demand.title,
                        f"/workspace/applications/{application.id}",
                    )
                )
    return len(found), found[:SHOWN]


def _waiting_matches(session: Session, p: Principal, *, proposals: bool) -> Found:
    """Pairings whose next step is this user's side: a proposal to answer (publisher), or the
    other side has confirmed and this side has not."""
    if p.organization_id is None:
        return 0, []
    found: list[TodoItem] = []
    for match in matches.for_organization(
        session, organization_id=p.organization_id, limit=MATCHES_LOOKED_AT
    ):
        view = match_view(session, match)
        if not MATCH_POLICY.allows(p, "engage", view):
            continue
        mine_demand = p.member_of(view.demand.organization_id)
        other_engaged = match.provider_engaged_at if mine_demand else match.demand_engaged_at
        is_proposal = match.proposal_id is not None and mine_demand and other_engaged is None
        if is_proposal if proposals else (other_engaged is not None):
            found.append(
                _item("match", match.id, view.demand.title, f"/workspace/matches/{match.id}")
            )
    return len(found), found[:SHOWN]


def _proposals(session: Session, p: Principal, user: User, settings: Settings) -> Found:
    return _waiting_matches(session, p, proposals=True)


def _candidates(session: Session, p: Principal, user: User, settings: Settings) -> Found:
    return _waiting_matches(session, p, proposals=False)


def _returned(session: Session, p: Principal, user: User, settings: Settings) -> Found:
    if p.organization_id is None:
        return 0, []
    rows, total = demands.list_demands(
        session,
        organization_id=p.organization_id,
        statuses=["returned"],
        region=None,
        offset=0,
        limit=SHOWN,
    )
    return total, [_item("demand", d.id, d.title, f"/workspace/demands/{d.id}/edit") for d in rows]


def _members(session: Session, p: Principal, user: User, settings: Settings) -> Found:
    if p.organization_id is None or not p.is_org_admin:
        return 0, []
    org = organizations.get(session, p.organization_id)
    if org is None:
        return 0, []
    people = organizations.members(session, org.id)
    admins = organizations.admin_count(session, org.id)
    waiting = [m for m in people if MEMBER_POLICY.allows(p, "approve", MemberView(m, org, admins))]
    return len(waiting), [
        _item("user", m.id, f"{m.display_name}（{m.email}）", "/workspace/organization")
        for m in waiting[:SHOWN]
    ]


COUNTERS: dict[str, Callable[[Session, Principal, User, Settings], Found]] = {
    "precheck": _precheck,
    "lists_to_publish": _lists,
    "applications_to_review": _to_review,
    "objections_to_resolve": _objections,
    "scores_to_give": _to_score,
    "proposals_to_read": _proposals,
    "candidates_to_answer": _candidates,
    "returned_demands": _returned,
    "members_to_approve": _members,
}


def todos(session: Session, *, user: User, settings: Settings) -> Todos:
    p = principal_of(user)
    lang = current_language()
    groups: list[TodoGroup] = []
    for group in _for(p, GROUPS):
        count, items = COUNTERS[group.key](session, p, user, settings)
        groups.append(
            TodoGroup(
                key=group.key,
                title=group.title_en if lang == "en" else group.title_zh,
                count=count,
                link=group.link,
                items=items,
            )
        )
    return Todos(total=sum(g.count for g in groups), groups=groups)


def _for(p: Principal, groups: Sequence[Group]) -> list[Group]:
    out = []
    for g in groups:
        if g.key == "members_to_approve":
            if p.is_org_admin:
                out.append(g)
        elif p.holds(g.roles):
            out.append(g)
    return out
