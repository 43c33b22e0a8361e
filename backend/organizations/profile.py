"""An organization's profile page: who it is and its public work (its solutions the reader may
see, its published demands, its scenarios on either side)."""

from __future__ import annotations

from pydantic import BaseModel, Field
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from backend.auth.models import User
from backend.common.schemas import DemandLink, ScenarioLink
from backend.demands import repository as demands_repo
from backend.demands.models import Demand
from backend.errors import not_found
from backend.organizations.models import Organization
from backend.policy import principal_of
from backend.policy.organizations import profile_visible
from backend.policy.solutions import catalogue_scope
from backend.scenarios.models import Scenario
from backend.solutions import repository as solutions_repo
from backend.solutions.schemas import SolutionPublic

# how many of each the page lists
PROFILE_LINKS = 100


class OrganizationProfile(BaseModel):
    id: int
    name: str
    kind: str
    region: str | None
    solutions: list[SolutionPublic] = Field(default_factory=list, description="技术方案")
    demands: list[DemandLink] = Field(default_factory=list, description="发布的需求")
    scenarios: list[ScenarioLink] = Field(default_factory=list, description="应用场景")


def profile(session: Session, *, organization_id: int, user: User | None) -> OrganizationProfile:
    """The profile for whoever may see it (`profile_visible`); others 404."""
    principal = principal_of(user)
    org = session.get(Organization, organization_id)
    if org is None:
        raise _not_found()
    solutions = solutions_repo.of_organization(
        session, org.id, catalogue_scope(principal), limit=PROFILE_LINKS
    )
    demands = session.scalars(
        select(Demand)
        .where(Demand.organization_id == org.id, demands_repo.public_condition())
        .order_by(Demand.published_at.desc(), Demand.id.desc())
        .limit(PROFILE_LINKS)
    ).all()
    scenarios = session.scalars(
        select(Scenario)
        .where(or_(Scenario.publisher_org_id == org.id, Scenario.provider_org_id == org.id))
        .order_by(Scenario.designated_at.desc(), Scenario.id.desc())
        .limit(PROFILE_LINKS)
    ).all()
    public_work = bool(demands or scenarios or any(s.visibility == "public" for s in solutions))
    if not profile_visible(principal, shows_public_work=public_work):
        raise _not_found()
    return OrganizationProfile(
        id=org.id,
        name=org.name,
        kind=org.kind,
        region=org.region,
        solutions=[SolutionPublic.model_validate(s) for s in solutions],
        demands=[DemandLink.model_validate(d) for d in demands],
        scenarios=[ScenarioLink.model_validate(s) for s in scenarios],
    )


def _not_found() -> Exception:
    return not_found("机构", "Organization", "organization.not_found")
