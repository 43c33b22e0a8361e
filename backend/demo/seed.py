"""The demo platform: organizations, a user for every role, and items at every workflow stage.

Every stage is reached through the same services the API uses, so the audit trail is real.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from backend.auth.models import User
from backend.auth.security import hash_password
from backend.config import Settings
from backend.db.session import transaction
from backend.demands import service as demands
from backend.demands.models import Demand
from backend.interchange.formats import read_rows
from backend.interchange.service import import_rows
from backend.matches import repository as match_repo
from backend.matches import service as matches
from backend.organizations.models import Organization
from backend.proposals import service as proposals
from backend.proposals.schemas import ProposalCreate
from backend.review import experts as expert_review
from backend.review import repository as review_repo
from backend.review import service as review
from backend.review.schemas import ApplicationCreate, ScoreIn
from backend.scenarios import service as scenarios
from backend.scenarios.schemas import AdvanceTo, ScenarioAdvance
from backend.solutions.models import Solution

DATA = Path(__file__).parent / "data"
PASSWORD = "Demo#2026"
PROVINCE = "江苏省科学技术厅"
EXPERT_ORG = "江苏省科技咨询专家库"


def has_data(factory: sessionmaker[Session]) -> bool:
    with transaction(factory) as session:
        return bool(session.scalar(select(func.count()).select_from(Demand)))


def _user(
    session: Session,
    email: str,
    name: str,
    org: Organization,
    roles: list[str],
    region: str | None = None,
) -> User:
    user = session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(
            email=email,
            password_hash=hash_password(PASSWORD),
            display_name=name,
            organization_id=org.id,
            roles=roles,
            region=region,
            # the demo's first enterprise user of each organization administers it
            is_org_admin=bool({"publisher", "provider"} & set(roles)),
        )
        user.organization = org
        session.add(user)
        session.flush()
    return user


def _org(session: Session, name: str, kind: str, region: str | None = None) -> Organization:
    org = session.scalar(select(Organization).where(Organization.name == name))
    if org is None:
        org = Organization(name=name, kind=kind, region=region)
        session.add(org)
        session.flush()
    return org


def _load_organizations(session: Session) -> None:
    for line in (DATA / "organizations.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        org = _org(session, rec["name"], rec.get("kind", "企业"), rec.get("region"))
        org.uscc = org.uscc or rec.get("uscc")


def _publisher_of(session: Session, demand: Demand, n: int) -> User:
    org = session.get(Organization, demand.organization_id)
    assert org is not None
    existing = session.scalar(
        select(User).where(User.organization_id == org.id, User.email.like("publisher%"))
    )
    return existing or _user(
        session, f"publisher{n}@demo.cn", f"{org.name}·技术经理", org, ["publisher"]
    )


def _provider_of(session: Session, solution: Solution) -> User:
    """The demo provider of a solution's organization: its existing one, or a new
    `provider<N>@demo.cn`, numbered without gaps."""
    org = session.get(Organization, solution.organization_id)
    assert org is not None
    existing = session.scalar(
        select(User).where(User.organization_id == org.id, User.email.like("provider%"))
    )
    if existing is not None:
        return existing
    n = 1 + (session.scalar(select(func.count()).where(User.email.like("provider%@demo.cn"))) or 0)
    return _user(session, f"provider{n}@demo.cn", f"{org.name}·项目负责人", org, ["provider"])


# ranks the solutions for a demand with the platform's matcher: their ids, best first
Ranker = Callable[[Session, Demand], list[int]]
# a demo pairing must be one of its demand's top candidates
TOP_CANDIDATES = 3


def seed(
    factory: sessionmaker[Session],
    *,
    settings: Settings,
    index: Callable[[], None] | None = None,
    rank: Ranker | None = None,
) -> str:
    """Load the demo. `index` brings the search index up to date between the catalogue and the
    pipeline; `rank` is then the matcher, from whose top candidates the pairings are chosen.
    Without them (the matcher switched off) the pairings are those the data names, which were
    chosen from the matcher's top candidates when the data was written."""
    with transaction(factory) as session:
        _load_organizations(session)
        gov = _org(session, PROVINCE, "政府部门", "江苏省")
        suzhou_gov = _org(session, "苏州市科学技术局", "政府部门", "苏州市")
        experts_org = _org(session, EXPERT_ORG, "其他", "江苏省")
        _user(session, "official@demo.cn", "省科技厅·王处长", gov, ["official"])
        _user(
            session,
            "official.suzhou@demo.cn",
            "苏州市科技局·李科长",
            suzhou_gov,
            ["official"],
            region="苏州市",
        )
        _user(session, "admin@demo.cn", "平台管理员", gov, ["admin"])
        for i, name in enumerate(EXPERTS, start=1):
            _user(session, f"expert{i}@demo.cn", name, experts_org, ["expert"])
        demand_report = import_rows(
            session, read_rows(DATA / "demands.jsonl", "demands"), kind="demands"
        )
        solution_report = import_rows(
            session, read_rows(DATA / "solutions.jsonl", "solutions"), kind="solutions"
        )
        all_solutions = list(session.scalars(select(Solution).order_by(Solution.id)))
        for i, solution in enumerate(all_solutions):
            # most providers list their solutions in the public catalogue; every fifth keeps
            # its solution to logged-in users
            solution.visibility = "members" if i % 5 == 4 else "public"
        states = _walk_demands(session)
    if index is not None:
        index()
    with transaction(factory) as session:
        stages = _walk_pipeline(session, settings, rank)
    return (
        f"演示数据已载入：需求 {demand_report.created + demand_report.updated} 条，"
        f"方案 {solution_report.created + solution_report.updated} 条；{states}，{stages}。"
        f"所有演示账号密码：{PASSWORD}"
    )


EXPERTS = ("陈教授", "刘研究员", "赵高工", "孙博士")


def _official(session: Session) -> User:
    official = session.scalar(select(User).where(User.email == "official@demo.cn"))
    assert official is not None
    return official


def _walk_demands(session: Session) -> str:
    """A publisher for every demand; a few drafts, submitted (the pre-check queue) and returned
    ones; the rest published."""
    official = _official(session)
    all_demands = list(session.scalars(select(Demand).order_by(Demand.id)))
    publishers = [_publisher_of(session, d, i) for i, d in enumerate(all_demands, start=1)]
    for demand, publisher in zip(all_demands, publishers, strict=True):
        demand.owner_id = publisher.id
    session.flush()
    plan = ["draft"] * 3 + ["submitted"] * 4 + ["returned"] * 2
    for demand, publisher, target in zip(all_demands, publishers, plan, strict=False):
        if target == "draft":
            continue
        demands.transition(session, demand_id=demand.id, action="submit", user=publisher)
        if target == "returned":
            demands.transition(
                session,
                demand_id=demand.id,
                action="return",
                user=official,
                reason="请补充预期目标的量化指标和现有基础条件",
            )
    for demand, publisher in list(zip(all_demands, publishers, strict=True))[len(plan) :]:
        demands.transition(session, demand_id=demand.id, action="submit", user=publisher)
        demands.transition(session, demand_id=demand.id, action="publish", user=official)
    return f"{len(plan)} 条需求处于草稿/待审/退回"


def _pipeline() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads((DATA / "pipeline.json").read_text(encoding="utf-8"))
    return rows


def _pairing(
    session: Session, step: dict[str, Any], rank: Ranker | None
) -> tuple[Demand, Solution]:
    """The step's demand and solution: the one the data names while the matcher still ranks it
    among the demand's top candidates, the matcher's best otherwise."""
    demand = session.scalar(select(Demand).where(Demand.external_id == step["demand"]))
    named = session.scalar(select(Solution).where(Solution.external_id == step["solution"]))
    assert demand is not None and named is not None, step
    if rank is None:
        return demand, named
    top = rank(session, demand)[:TOP_CANDIDATES]
    if named.id in top:
        return demand, named
    best = session.get(Solution, top[0])
    assert best is not None
    return demand, best


def _walk_pipeline(session: Session, settings: Settings, rank: Ranker | None) -> str:
    """Pairings walked through review to scenarios, one or two per stage, each from its demand's
    top candidates, with the texts, scores and outcomes the data gives it."""
    official = _official(session)
    experts = [
        session.scalars(select(User).where(User.email == f"expert{i}@demo.cn")).one()
        for i in range(1, len(EXPERTS) + 1)
    ]
    steps = _pipeline()
    for step in steps:
        demand, solution = _pairing(session, step, rank)
        own = solution.external_id == step["solution"]  # the data's texts describe this pairing
        _walk_pairing(session, step, demand, solution, own, official, experts, settings)
    chosen = f"均为匹配引擎前 {TOP_CANDIDATES} 名" if rank else "按演示数据指定的配对"
    return f"{len(steps)} 组供需匹配分布在各评审阶段（{chosen}）"


def _walk_pairing(
    session: Session,
    step: dict[str, Any],
    demand: Demand,
    solution: Solution,
    own: bool,
    official: User,
    experts: list[User],
    settings: Settings,
) -> None:
    stage = step["stage"]
    provider = _provider_of(session, solution)
    publisher = session.get(User, demand.owner_id)
    assert publisher is not None
    summary = step["summary"] if own else f"基于「{solution.title}」承接「{demand.title}」。"
    proposal = proposals.create(
        session,
        demand_id=demand.id,
        user=provider,
        data=ProposalCreate(
            solution_id=solution.id,
            summary=summary,
            price_wan=step.get("price_wan"),
            timeline_months=step.get("timeline_months"),
        ),
    )
    match = match_repo.by_proposal(session, proposal.id)
    assert match is not None
    if stage == "proposed":
        return
    matches.engage(session, match_id=match.id, user=provider, if_match=None)
    matches.engage(session, match_id=match.id, user=publisher, if_match=None)
    if stage == "engaged":
        return
    plan = step["pilot_plan"] if own else f"在{demand.region}开展试点，按需求的考核指标验收。"
    app = review.create(
        session, user=publisher, data=ApplicationCreate(match_id=match.id, pilot_plan=plan)
    )
    if stage == "submitted":
        return
    if stage == "rejected":
        review.reject(
            session,
            application_id=app.id,
            user=official,
            if_match=None,
            reason=step["reject_reason"],
            settings=settings,
        )
        return
    review.preliminary_review(
        session,
        application_id=app.id,
        user=official,
        decision="pass",
        comment="材料齐全，试点指标可考核，同意进入专家评审",
        if_match=None,
        settings=settings,
    )
    expert_review.assign_experts(
        session,
        application_id=app.id,
        user=official,
        # in review: all four experts, two still to score (each expert's page shows a rubric)
        expert_ids=[e.id for e in (experts if stage == "expert_review" else experts[:3])],
        if_match=None,
        settings=settings,
    )
    for expert, score in zip(experts, step["scores"], strict=False):
        expert_review.score(
            session, application_id=app.id, user=expert, data=ScoreIn(**score), settings=settings
        )
    if stage == "expert_review":
        return
    review.open_notice(
        session,
        application_id=app.id,
        user=official,
        days=settings.notice_min_days,
        settings=settings,
        if_match=None,
    )
    if stage == "public_notice":
        return
    # demo history: this notice ran its course in the past
    notice = review_repo.notice_for(session, app.id)
    assert notice is not None
    notice.starts_at -= timedelta(days=settings.notice_min_days + 1)
    notice.ends_at = datetime.now(UTC) - timedelta(days=1)
    session.flush()
    review.designate(
        session, application_id=app.id, user=official, if_match=None, settings=settings
    )
    # the demand has found its answer: its publisher closes it
    demands.transition(session, demand_id=demand.id, action="close", user=publisher)
    scenario = scenarios.for_application(session, app.id)
    assert scenario is not None
    if stage in ("demonstration", "replicable"):
        scenarios.advance(
            session,
            scenario_id=scenario.id,
            user=official,
            data=ScenarioAdvance(to=AdvanceTo.DEMONSTRATION, outcomes=step["outcomes"]),
        )
    if stage == "replicable":
        scenarios.advance(
            session,
            scenario_id=scenario.id,
            user=official,
            data=ScenarioAdvance(to=AdvanceTo.REPLICABLE, adopters=step["adopters"]),
        )
