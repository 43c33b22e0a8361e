"""The plan's numbers, computed from the records every time: no cached counters to drift."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import ColumnElement, distinct, func, select
from sqlalchemy.orm import Session

from backend.common.taxonomy import city_of, in_city
from backend.common.xlsx import workbook
from backend.config import Settings
from backend.dashboard.schemas import Bucket, Dashboard, FunnelStep, Progress, PublicDashboard
from backend.demands.models import Demand
from backend.matches.models import Match
from backend.policy import Principal
from backend.review.models import Application
from backend.scenarios.models import Scenario

DEMO_STAGES = ("demonstration", "replicable")


@dataclass(frozen=True)
class Scope:
    """What a dashboard counts: a city (None: the province) and, for the public, only what was
    really published (never a draft, a returned or a withdrawn demand)."""

    region: str | None = None
    public: bool = False

    def demands(self) -> list[ColumnElement[bool]]:
        conds: list[ColumnElement[bool]] = [Demand.deleted_at.is_(None)]
        if self.public:
            conds.append(Demand.published_at.is_not(None))
        if self.region:
            conds.append(in_city(Demand.region, self.region))
        return conds

    def scenarios(self) -> list[ColumnElement[bool]]:
        return [in_city(Scenario.region, self.region)] if self.region else []


def scope_for(principal: Principal, *, province: bool) -> Scope:
    """A city official sees the city by default and the province on request."""
    if province or principal.is_province_wide or principal.region is None:
        return Scope()
    return Scope(region=city_of(principal.region))


def _progress(session: Session, settings: Settings, scope: Scope) -> Progress:
    stages = dict(
        session.execute(
            select(Scenario.stage, func.count()).where(*scope.scenarios()).group_by(Scenario.stage)
        ).all()
    )
    total = sum(stages.values())
    return Progress(
        scenarios=total,
        scenarios_target=settings.target_scenarios,
        demonstrations=sum(stages.get(s, 0) for s in DEMO_STAGES),
        demonstrations_target=settings.target_demonstrations,
        replicable=stages.get("replicable", 0),
    )


def _buckets(session: Session, key: str, scope: Scope) -> list[Bucket]:
    def name_of(value: str) -> str:
        return city_of(value) if key == "region" else value

    acc: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    demand_col = getattr(Demand, key)
    for value, published, n in session.execute(
        select(demand_col, Demand.published_at.is_not(None), func.count())
        .where(*scope.demands())
        .group_by(demand_col, Demand.published_at.is_not(None))
    ):
        bucket = acc[name_of(value)]
        bucket["demands"] += n
        if published:
            bucket["published"] += n
    scenario_col = getattr(Scenario, key)
    for value, stage, n in session.execute(
        select(scenario_col, Scenario.stage, func.count())
        .where(*scope.scenarios())
        .group_by(scenario_col, Scenario.stage)
    ):
        bucket = acc[name_of(value)]
        bucket["scenarios"] += n
        if stage in DEMO_STAGES:
            bucket["demonstrations"] += n
    rows = [
        Bucket(
            name=k,
            **{f: v.get(f, 0) for f in ("demands", "published", "scenarios", "demonstrations")},
        )
        for k, v in acc.items()
    ]
    return sorted(rows, key=lambda b: (-b.scenarios, -b.demands, b.name))


def public_dashboard(
    session: Session, settings: Settings, scope: Scope | None = None
) -> PublicDashboard:
    scope = scope or Scope(public=True)
    return PublicDashboard(
        progress=_progress(session, settings, scope),
        by_field=_buckets(session, "field", scope),
        by_city=_buckets(session, "region", scope),
    )


def _count_demands(session: Session, scope: Scope, *where: object) -> int:
    stmt = select(func.count(distinct(Demand.id))).where(*scope.demands())
    for cond in where:
        stmt = stmt.where(cond)  # type: ignore[arg-type]
    return int(session.scalar(stmt) or 0)


def _funnel(session: Session, scope: Scope) -> list[FunnelStep]:
    matched = select(Match.demand_id)
    engaged = select(Match.demand_id).where(Match.engaged_at.is_not(None))
    applied = select(Match.demand_id).join(Application, Application.match_id == Match.id)
    designated = select(Scenario.demand_id)
    steps = [
        ("demands", "需求征集", _count_demands(session, scope, Demand.status != "draft")),
        ("published", "发布", _count_demands(session, scope, Demand.published_at.is_not(None))),
        ("matched", "匹配", _count_demands(session, scope, Demand.id.in_(matched))),
        ("engaged", "双向确认", _count_demands(session, scope, Demand.id.in_(engaged))),
        ("applied", "示范申报", _count_demands(session, scope, Demand.id.in_(applied))),
        ("designated", "认定", _count_demands(session, scope, Demand.id.in_(designated))),
    ]
    return [FunnelStep(step=s, label=label, count=n) for s, label, n in steps]


def _days_to_engagement(session: Session, scope: Scope) -> list[float]:
    """Per demand: days from publication to its first engaged match."""
    first: dict[int, float] = {}
    rows = session.execute(
        select(Demand.id, Demand.published_at, Match.engaged_at)
        .join(Match, Match.demand_id == Demand.id)
        .where(Match.engaged_at.is_not(None), Demand.published_at.is_not(None), *scope.demands())
    )
    for demand_id, published_at, engaged_at in rows:
        if published_at is None or engaged_at is None:
            continue
        days = max(0.0, (engaged_at - published_at).total_seconds() / 86400)
        first[demand_id] = min(days, first.get(demand_id, days))
    return list(first.values())


def dashboard(session: Session, settings: Settings, scope: Scope) -> Dashboard:
    days = _days_to_engagement(session, scope)
    return Dashboard(
        **public_dashboard(session, settings, scope).model_dump(),
        scope_region=scope.region,
        funnel=_funnel(session, scope),
        median_days_to_engagement=round(statistics.median(days), 1) if days else None,
        engagements_measured=len(days),
    )


def export_xlsx(data: Dashboard) -> bytes:
    p = data.progress
    progress: list[list[object]] = [
        ["指标", "当前", "目标"],
        ["应用场景", p.scenarios, p.scenarios_target],
        ["示范应用场景", p.demonstrations, p.demonstrations_target],
        ["可复制推广", p.replicable, None],
        ["发布到双向确认的中位天数", data.median_days_to_engagement, None],
    ]
    funnel: list[list[object]] = [["环节", "需求数"], *([s.label, s.count] for s in data.funnel)]
    header: list[object] = ["名称", "需求", "已发布", "应用场景", "示范场景"]

    def rows(buckets: list[Bucket]) -> list[list[object]]:
        return [
            header,
            *([b.name, b.demands, b.published, b.scenarios, b.demonstrations] for b in buckets),
        ]

    return workbook(
        [
            ("目标进度", progress),
            ("转化漏斗", funnel),
            ("按领域", rows(data.by_field)),
            ("按城市", rows(data.by_city)),
        ]
    )
