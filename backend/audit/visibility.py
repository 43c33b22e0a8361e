"""Which audit events a person may read, decided by each object's own policy."""

from __future__ import annotations

from sqlalchemy.orm import Session

from backend.audit.models import AuditEvent
from backend.auth import repository as users
from backend.auth.models import User
from backend.config import Settings
from backend.demand_lists.models import DemandList
from backend.demands import repository as demands
from backend.matches import repository as matches
from backend.organizations import repository as organizations
from backend.policy import Principal, principal_of
from backend.policy.applications import APPLICATION_POLICY, ReviewView, review_view
from backend.policy.audit import EventView, may_see
from backend.policy.demand_lists import DEMAND_LIST_POLICY
from backend.policy.demands import DEMAND_POLICY
from backend.policy.matches import MATCH_POLICY, MatchView
from backend.policy.organizations import ORGANIZATION_POLICY
from backend.policy.proposals import PROPOSAL_POLICY, ProposalView
from backend.policy.scenarios import SCENARIO_POLICY
from backend.policy.solutions import SOLUTION_POLICY
from backend.proposals.models import Proposal
from backend.review import repository as review
from backend.review.service import view_of as application_view
from backend.scenarios.models import Scenario
from backend.solutions import repository as solutions


class HistoryReader:
    """Decides, object by object (each looked up once), what `user` may read of the log."""

    def __init__(self, session: Session, *, user: User, settings: Settings) -> None:
        self._session = session
        self._settings = settings
        self._principal = principal_of(user)
        self._seen: dict[tuple[str, int], tuple[bool, bool]] = {}

    def visible(self, events: list[AuditEvent]) -> list[AuditEvent]:
        return [e for e in events if may_see(self._principal, self._view(e))]

    def _view(self, event: AuditEvent) -> EventView:
        key = (event.object_type, event.object_id)
        if key not in self._seen:
            self._seen[key] = self._decide(*key)
        visible, full_review = self._seen[key]
        return EventView(event, visible, full_review)

    def _decide(self, object_type: str, object_id: int) -> tuple[bool, bool]:
        """(may see the object, sees its review in full)."""
        p, session = self._principal, self._session
        if object_type == "demand":
            demand = demands.get(session, object_id)
            return demand is not None and DEMAND_POLICY.allows(p, "read_history", demand), False
        if object_type == "solution":
            solution = solutions.get(session, object_id)
            return solution is not None and SOLUTION_POLICY.allows(
                p, "read_history", solution
            ), False
        if object_type == "match":
            match = matches.get(session, object_id)
            demand = demands.get(session, match.demand_id) if match else None
            if match is None or demand is None:
                return False, False
            return MATCH_POLICY.can_view(p, MatchView(match, demand)), False
        if object_type == "application":
            application = review.get(session, object_id)
            if application is None:
                return False, False
            view = application_view(session, application, settings=self._settings)
            return APPLICATION_POLICY.can_view(p, view), review_view(p, view) is ReviewView.FULL
        if object_type == "proposal":
            proposal = session.get(Proposal, object_id)
            demand = demands.get(session, proposal.demand_id) if proposal else None
            if proposal is None or demand is None:
                return False, False
            return PROPOSAL_POLICY.can_view(p, ProposalView(proposal, demand)), False
        if object_type == "objection":
            return self._objection(p, object_id), False
        if object_type == "scenario":
            scenario = session.get(Scenario, object_id)
            return scenario is not None and SCENARIO_POLICY.allows(
                p, "read_history", scenario
            ), False
        if object_type == "demand_list":
            row = session.get(DemandList, object_id)
            return row is not None and DEMAND_LIST_POLICY.can_view(p, row), False
        if object_type == "organization":
            org = organizations.get(session, object_id)
            return org is not None and ORGANIZATION_POLICY.can_view(p, org), False
        if object_type == "user":
            return object_id == p.user_id or p.is_province_wide, False
        return p.is_province_wide, False

    def _objection(self, p: Principal, objection_id: int) -> bool:
        objection = review.objection(self._session, objection_id)
        notice = review.notice(self._session, objection.notice_id) if objection else None
        application = review.get(self._session, notice.application_id) if notice else None
        match = matches.get(self._session, application.match_id) if application else None
        demand = demands.get(self._session, match.demand_id) if match else None
        if objection is None or demand is None:
            return False
        return objection.author_id == p.user_id or p.covers(demand.region)


def actor_names(session: Session, events: list[AuditEvent]) -> dict[int, str]:
    ids = {e.actor_id for e in events if e.actor_id is not None}
    return users.display_names(session, ids)
