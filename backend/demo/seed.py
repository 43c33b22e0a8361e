"""The demo platform: organizations, a user for every role, and items at every workflow stage.

Every stage is reached through the same services the API uses, so the audit trail is real.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

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


def _provider_of(session: Session, solution: Solution, n: int) -> User:
    org = session.get(Organization, solution.organization_id)
    assert org is not None
    existing = session.scalar(
        select(User).where(User.organization_id == org.id, User.email.like("provider%"))
    )
    return existing or _user(
        session, f"provider{n}@demo.cn", f"{org.name}·项目负责人", org, ["provider"]
    )


def seed(factory: sessionmaker[Session], *, settings: Settings) -> str:
    with transaction(factory) as session:
        _load_organizations(session)
        gov = _org(session, PROVINCE, "政府部门", "江苏省")
        suzhou_gov = _org(session, "苏州市科学技术局", "政府部门", "苏州市")
        experts_org = _org(session, EXPERT_ORG, "其他", "江苏省")
        official = _user(session, "official@demo.cn", "省科技厅·王处长", gov, ["official"])
        _user(
            session,
            "official.suzhou@demo.cn",
            "苏州市科技局·李科长",
            suzhou_gov,
            ["official"],
            region="苏州市",
        )
        _user(session, "admin@demo.cn", "平台管理员", gov, ["admin"])
        experts = [
            _user(session, f"expert{i}@demo.cn", name, experts_org, ["expert"])
            for i, name in enumerate(("陈教授", "刘研究员", "赵高工", "孙博士"), start=1)
        ]
        demand_report = import_rows(
            session, read_rows(DATA / "demands.jsonl", "demands"), kind="demands"
        )
        solution_report = import_rows(
            session, read_rows(DATA / "solutions.jsonl", "solutions"), kind="solutions"
        )
        all_demands = list(session.scalars(select(Demand).order_by(Demand.id)))
        all_solutions = list(session.scalars(select(Solution).order_by(Solution.id)))
        for i, solution in enumerate(all_solutions):
            # most providers list their solutions in the public catalogue; every fifth keeps
            # its solution to logged-in users
            solution.visibility = "members" if i % 5 == 4 else "public"
        stages = _walk_stages(session, all_demands, all_solutions, official, experts, settings)
    return (
        f"演示数据已载入：需求 {demand_report.created + demand_report.updated} 条，"
        f"方案 {solution_report.created + solution_report.updated} 条；{stages}。"
        f"所有演示账号密码：{PASSWORD}"
    )


def _walk_stages(
    session: Session,
    all_demands: list[Demand],
    all_solutions: list[Solution],
    official: User,
    experts: list[User],
    settings: Settings,
) -> str:
    """Leave a few items at every stage; most demands end up published."""
    publishers = [_publisher_of(session, d, i) for i, d in enumerate(all_demands, start=1)]
    # drafts, submitted (pre-check queue) and returned ones
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
    published = all_demands[len(plan) :]
    # pairings walked forward: one per stage of the review, a few scenarios at each stage
    stages = [
        "proposed",
        "engaged",
        "submitted",
        "expert_review",
        "public_notice",
        "designated",
        "designated",
        "demonstration",
        "replicable",
        "rejected",
    ]
    for i, stage in enumerate(stages):
        demand = published[i]
        solution = all_solutions[(i * 7) % len(all_solutions)]
        provider = _provider_of(session, solution, i + 1)
        publisher = publishers[all_demands.index(demand)]
        proposal = proposals.create(
            session,
            demand_id=demand.id,
            user=provider,
            data=ProposalCreate(
                solution_id=solution.id,
                summary=f"针对「{demand.title}」，我方基于「{solution.title}」"
                "提出分阶段实施方案：先做小范围验证，再扩大到产线或城市级应用。",
                price_wan=demand.budget_max_wan,
                timeline_months=12,
            ),
        )
        match = match_repo.by_proposal(session, proposal.id)
        assert match is not None
        if stage == "proposed":
            continue
        matches.engage(session, match_id=match.id, user=provider, if_match=None)
        matches.engage(session, match_id=match.id, user=publisher, if_match=None)
        if stage == "engaged":
            continue
        app = review.create(
            session,
            user=publisher,
            data=ApplicationCreate(
                match_id=match.id,
                pilot_plan=f"在{demand.region}建设试点：第一阶段 3 个月完成部署与联调，"
                "第二阶段 6 个月连续运行并采集指标，第三阶段总结形成可复制的实施规范。",
            ),
        )
        if stage == "submitted":
            continue
        if stage == "rejected":
            review.reject(
                session,
                application_id=app.id,
                user=official,
                if_match=None,
                reason="试点方案缺少量化考核指标，建议补充后下一批次再申报",
                settings=settings,
            )
            continue
        review.preliminary_review(
            session,
            application_id=app.id,
            user=official,
            decision="pass",
            comment="材料齐全，同意进入专家评审",
            if_match=None,
            settings=settings,
        )
        expert_review.assign_experts(
            session,
            application_id=app.id,
            user=official,
            expert_ids=[e.id for e in experts[:3]],
            if_match=None,
            settings=settings,
        )
        scorers = experts[:2] if stage == "expert_review" else experts[:3]
        for k, expert in enumerate(scorers):
            expert_review.score(
                session,
                application_id=app.id,
                user=expert,
                data=ScoreIn(
                    innovation=82 + k,
                    advancement=78 + k,
                    feasibility=85,
                    replicability=80 - k,
                    benefit=84,
                    comment="技术路线清晰，建议加强推广机制设计",
                ),
                settings=settings,
            )
        if stage == "expert_review":
            continue
        review.open_notice(
            session,
            application_id=app.id,
            user=official,
            days=settings.notice_min_days,
            settings=settings,
            if_match=None,
        )
        if stage == "public_notice":
            continue
        # demo history: this notice ran its course in the past
        notice = review_repo.notice_for(session, app.id)
        assert notice is not None
        notice.starts_at -= timedelta(days=settings.notice_min_days + 1)
        notice.ends_at = datetime.now(UTC) - timedelta(days=1)
        session.flush()
        review.designate(
            session, application_id=app.id, user=official, if_match=None, settings=settings
        )
        scenario = scenarios.for_application(session, app.id)
        assert scenario is not None
        if stage in ("demonstration", "replicable"):
            scenarios.advance(
                session,
                scenario_id=scenario.id,
                user=official,
                data=ScenarioAdvance(
                    to=AdvanceTo.DEMONSTRATION,
                    outcomes="连续运行 6 个月，关键指标全部达到预期目标，"
                    "单位产品能耗下降 12%，已形成技术规范和运维手册。",
                ),
            )
        if stage == "replicable":
            scenarios.advance(
                session,
                scenario_id=scenario.id,
                user=official,
                data=ScenarioAdvance(
                    to=AdvanceTo.REPLICABLE, adopters=["无锡市", "盐城市", "宿迁市某产业园"]
                ),
            )
    return f"{len(plan)} 条需求处于草稿/待审/退回，{len(stages)} 组供需匹配分布在各评审阶段"
