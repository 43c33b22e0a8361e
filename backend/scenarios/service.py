from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.audit.service import record
from backend.auth.models import User
from backend.common.taxonomy import city_of
from backend.common.transitions import check_version, move
from backend.demands.models import Demand
from backend.demands.schemas import OrganizationBrief
from backend.errors import invalid_field, not_found
from backend.matches.models import Match
from backend.notifications import events
from backend.organizations.models import Organization
from backend.policy import principal_of
from backend.policy.scenarios import SCENARIO_POLICY
from backend.review.models import Application
from backend.scenarios.models import Scenario
from backend.scenarios.schemas import ScenarioAdvance, ScenarioRead
from backend.scenarios.workflow import SCENARIO_WORKFLOW
from backend.solutions.models import Solution


def create_from(
    session: Session, *, application: Application, match: Match, demand: Demand, actor_id: int
) -> Scenario:
    application_id = application.id
    scenario = Scenario(
        application_id=application_id,
        match_id=match.id,
        demand_id=demand.id,
        solution_id=match.solution_id,
        publisher_org_id=demand.organization_id,
        provider_org_id=match.provider_org_id,
        title=demand.title,
        field=demand.field,
        region=demand.region,
        stage="piloting",
        adopters=[],
        designated_at=datetime.now(UTC),
    )
    session.add(scenario)
    session.flush()
    record(
        session,
        object_type="scenario",
        object_id=scenario.id,
        action="designate",
        actor_id=actor_id,
        to_state="piloting",
        details={"application_id": application_id},
    )
    return scenario


def for_application(session: Session, application_id: int) -> Scenario | None:
    return session.scalar(select(Scenario).where(Scenario.application_id == application_id))


def get(session: Session, *, scenario_id: int) -> Scenario:
    scenario = session.get(Scenario, scenario_id)
    if scenario is None:
        raise not_found("应用场景", "Scenario", "scenario.not_found")
    return scenario


def list_scenarios(session: Session, *, stage: str | None) -> list[Scenario]:
    stmt = select(Scenario).order_by(Scenario.designated_at.desc())
    if stage:
        stmt = stmt.where(Scenario.stage == stage)
    return list(session.scalars(stmt))


def advance(session: Session, *, scenario_id: int, user: User, data: ScenarioAdvance) -> Scenario:
    scenario = get(session, scenario_id=scenario_id)
    SCENARIO_POLICY.require(principal_of(user), data.to.value, scenario)
    check_version(scenario.version, data.version)
    t = SCENARIO_WORKFLOW.transition(data.to.value)
    now = datetime.now(UTC)
    if t.target == "demonstration":
        if not (data.outcomes or "").strip():
            raise invalid_field(
                "outcomes",
                "升级为示范场景需填写运行成效",
                "Outcomes are required for a demonstration",
            )
        scenario.outcomes = data.outcomes
        scenario.demonstration_at = now
    else:
        adopters = [a.strip() for a in data.adopters if a.strip()]
        if not adopters:
            raise invalid_field(
                "adopters",
                "可复制推广需列出已采用的地区或机构",
                "List the regions or organizations that adopted it",
            )
        scenario.adopters = adopters
        if data.outcomes:
            scenario.outcomes = data.outcomes
        scenario.replicable_at = now
    move(
        session,
        scenario,
        workflow=SCENARIO_WORKFLOW,
        action=t.action,
        actor_id=user.id,
        expected_version=None,
        state_attr="stage",
        audit_action=f"advance_{t.target}",
    )
    events.scenario_advanced(session, scenario=scenario, actor=user)
    return scenario


def _brief(session: Session, org_id: int) -> OrganizationBrief | None:
    org = session.get(Organization, org_id)
    return OrganizationBrief.model_validate(org) if org else None


def to_read(session: Session, scenario: Scenario, *, user: User | None) -> ScenarioRead:
    read = ScenarioRead.model_validate(scenario)
    read.next_actions = SCENARIO_POLICY.next_actions(principal_of(user), scenario)
    read.city = city_of(scenario.region)
    read.publisher = _brief(session, scenario.publisher_org_id)
    read.provider = _brief(session, scenario.provider_org_id)
    demand = session.get(Demand, scenario.demand_id)
    read.demand_title = demand.title if demand else ""
    solution = session.get(Solution, scenario.solution_id) if scenario.solution_id else None
    read.solution_title = solution.title if solution else None
    return read
