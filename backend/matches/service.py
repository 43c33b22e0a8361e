from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from backend.audit.service import record
from backend.auth.models import User
from backend.common.transitions import check_version, move
from backend.demands import repository as demands
from backend.demands.models import Demand
from backend.errors import conflict, invalid_field, not_found
from backend.i18n import in_language
from backend.matches import repository
from backend.matches.models import Match, MatchFeedback
from backend.matches.schemas import MatchRead, ObjectRef, ProviderRef, Recommendation
from backend.matches.workflow import FEEDBACK_LABELS, MATCH_WORKFLOW
from backend.notifications import events
from backend.organizations.models import Organization
from backend.policy import principal_of
from backend.policy.demands import DEMAND_POLICY
from backend.policy.matches import MATCH_POLICY, MatchView, pending_sides, sides
from backend.solutions import repository as solutions
from backend.solutions.models import Solution


def get(session: Session, *, match_id: int) -> Match:
    match = repository.get(session, match_id)
    if match is None:
        raise not_found("供需匹配", "Match", "match.not_found")
    return match


def demand_of(session: Session, match: Match) -> Demand:
    demand = demands.get(session, match.demand_id)
    if demand is None:
        raise not_found("场景需求", "Demand", "demand.not_found")
    return demand


def view_of(session: Session, match: Match) -> MatchView:
    return MatchView(match, demand_of(session, match))


def get_visible(session: Session, *, match_id: int, user: User) -> MatchView:
    view = view_of(session, get(session, match_id=match_id))
    return MATCH_POLICY.require_visible(principal_of(user), view)


def feedback(session: Session, *, match: Match, signal: str) -> None:
    repository.add_feedback(
        session,
        MatchFeedback(
            match_id=match.id,
            demand_id=match.demand_id,
            solution_id=match.solution_id,
            signal=signal,
            label=FEEDBACK_LABELS[signal],
            parts=dict(match.parts or {}),
        ),
    )


def ref(obj: Demand | Solution) -> ObjectRef:
    return ObjectRef(id=obj.id, external_id=obj.external_id, title=obj.title)


def to_read(
    session: Session, match: Match, *, user: User, application_id: int | None = None
) -> MatchRead:
    demand = demand_of(session, match)
    solution = solutions.get(session, match.solution_id) if match.solution_id else None
    provider = session.get(Organization, match.provider_org_id)
    return MatchRead(
        match_id=match.id,
        demand=ref(demand),
        solution=ref(solution) if solution else None,
        provider=ProviderRef(id=match.provider_org_id, name=provider.name if provider else ""),
        score=match.score,
        parts=dict(match.parts or {}),
        explanation=in_language(match.explanation, match.explanation_en),
        origin=match.origin,
        status=match.status,
        demand_engaged=match.demand_engaged_at is not None,
        provider_engaged=match.provider_engaged_at is not None,
        decline_reason=match.decline_reason,
        proposal_id=match.proposal_id,
        application_id=application_id,
        version=match.version,
        created_at=match.created_at,
        next_actions=MATCH_POLICY.next_actions(principal_of(user), MatchView(match, demand)),
    )


def to_reads(session: Session, matches: list[Match], *, user: User) -> list[MatchRead]:
    apps = repository.application_ids(session, [m.id for m in matches])
    return [to_read(session, m, user=user, application_id=apps.get(m.id)) for m in matches]


def suggest(
    session: Session, *, user: User, demand_id: int, solution_id: int, note: str | None
) -> Match:
    principal = principal_of(user)
    demand = demands.get(session, demand_id)
    if demand is None or not DEMAND_POLICY.can_view(principal, demand):
        raise invalid_field("demand_id", "场景需求不存在", "Demand not found")
    DEMAND_POLICY.require(principal, "suggest_match", demand)
    details = {"note": note} if note else None
    solution = solutions.get(session, solution_id)
    if solution is None:
        raise invalid_field("solution_id", "解决方案不存在", "Solution not found")
    match = repository.for_pair(session, demand_id=demand_id, solution_id=solution_id)
    if match is not None:
        if match.origin == "matcher" and match.status == "proposed":
            match.origin = "official"
            session.flush()
            record(
                session,
                object_type="match",
                object_id=match.id,
                action="suggest",
                actor_id=user.id,
                from_state=match.status,
                to_state=match.status,
                details=details,
            )
            return match
        raise conflict(
            "match.exists",
            "该供需匹配已存在",
            "This pairing already exists",
            current_state=match.status,
        )
    match = Match(
        demand_id=demand_id,
        solution_id=solution_id,
        provider_org_id=solution.organization_id,
        origin="official",
        status="proposed",
        parts={},
    )
    session.add(match)
    session.flush()
    record(
        session,
        object_type="match",
        object_id=match.id,
        action="suggest",
        actor_id=user.id,
        to_state="proposed",
        details=details,
    )
    return match


def _as_party(
    session: Session, match_id: int, user: User, if_match: int | None, action: str
) -> MatchView:
    """The match and its demand, once the policy lets `user` take `action` on it."""
    view = get_visible(session, match_id=match_id, user=user)
    MATCH_POLICY.require(principal_of(user), action, view)
    check_version(view.match.version, if_match)
    return view


def engage(session: Session, *, match_id: int, user: User, if_match: int | None) -> Match:
    view = _as_party(session, match_id, user, if_match, "engage")
    match = view.match
    now = datetime.now(UTC)
    pending = pending_sides(principal_of(user), view)
    for side in pending:
        if side == "demand":
            match.demand_engaged_at = now
        else:
            match.provider_engaged_at = now
    if match.demand_engaged_at and match.provider_engaged_at:
        match.engaged_at = now
        feedback(session, match=match, signal="engage")
        move(
            session,
            match,
            workflow=MATCH_WORKFLOW,
            action="engage",
            actor_id=user.id,
            expected_version=None,
            details={"sides": pending},
        )
        events.match_answered(
            session, match=match, demand=view.demand, action="engage", actor=user, reason=None
        )
        return match
    # one side has confirmed: the match waits for the other (双向确认), its state unchanged
    match.updated_at = now
    session.flush()
    record(
        session,
        object_type="match",
        object_id=match.id,
        action="engage",
        actor_id=user.id,
        from_state=match.status,
        to_state=match.status,
        details={"sides": pending},
    )
    events.match_answered(
        session, match=match, demand=view.demand, action="engage", actor=user, reason=None
    )
    return match


def decline(
    session: Session, *, match_id: int, user: User, reason: str, if_match: int | None
) -> Match:
    view = _as_party(session, match_id, user, if_match, "decline")
    match = view.match
    acting = sides(principal_of(user), match, view.demand)
    match.declined_by = "demand" if "demand" in acting else "provider"
    match.decline_reason = reason
    feedback(session, match=match, signal="decline")
    move(
        session,
        match,
        workflow=MATCH_WORKFLOW,
        action="decline",
        actor_id=user.id,
        expected_version=None,
        details={"reason": reason},
    )
    events.match_answered(
        session, match=match, demand=view.demand, action="decline", actor=user, reason=reason
    )
    return match


@dataclass(frozen=True)
class Candidate:
    """One ranked pairing from the matcher."""

    demand_id: int
    solution_id: int
    provider_org_id: int
    score: float
    parts: dict[str, float]
    explanation: str
    explanation_en: str


def refresh_from_matcher(
    session: Session,
    *,
    candidates: list[Candidate],
    stale_demand_id: int | None = None,
    stale_solution_id: int | None = None,
) -> int:
    """Upsert the matcher's pairings as `proposed` matches.

    Pairs people have acted on keep everything; an untouched `proposed` pair gets the new score.
    Matcher-only pairs of the given demand/solution that fell out of the ranking are removed.
    """
    existing = repository.for_pairs(session, [(c.demand_id, c.solution_id) for c in candidates])
    kept: list[Match] = []
    created: list[Match] = []
    for c in candidates:
        match = existing.get((c.demand_id, c.solution_id))
        if match is None:
            match = existing[(c.demand_id, c.solution_id)] = Match(
                demand_id=c.demand_id,
                solution_id=c.solution_id,
                provider_org_id=c.provider_org_id,
                origin="matcher",
                status="proposed",
            )
            session.add(match)
            created.append(match)
        elif match.status != "proposed" or match.demand_engaged_at or match.provider_engaged_at:
            kept.append(match)
            continue
        match.score = round(c.score, 4)
        match.parts = {k: round(v, 4) for k, v in c.parts.items()}
        match.explanation = c.explanation
        match.explanation_en = c.explanation_en
        kept.append(match)
    session.flush()  # one flush for the whole ranking; the new matches get their ids
    touched = {m.id for m in kept}
    removed = 0
    for match in repository.untouched_matcher_matches(
        session, demand_id=stale_demand_id, solution_id=stale_solution_id
    ):
        if match.id not in touched:
            session.delete(match)
            removed += 1
    session.flush()
    # a demand ranked on publication fits providers' solutions; any ranking may bring a
    # publisher a new candidate (the top ones above the threshold are announced)
    events.new_candidates(session, created=created, demand_side=stale_demand_id is not None)
    return removed


def mine(session: Session, *, user: User, limit: int) -> list[Match]:
    """Pairings the caller's organization is a party to (none while the membership is pending)."""
    organization_id = principal_of(user).organization_id
    if organization_id is None:
        return []
    return repository.for_organization(session, organization_id=organization_id, limit=limit)


def recommended(session: Session, *, user: User, limit: int) -> list[Recommendation]:
    """Demands that fit the caller's catalogue: each demand once, with its best-fitting solution."""
    organization_id = principal_of(user).organization_id
    if organization_id is None:
        return []
    seen: set[int] = set()
    out: list[Recommendation] = []
    for match in repository.best_for_provider(
        session, organization_id=organization_id, limit=limit
    ):
        if match.demand_id in seen or match.solution_id is None:
            continue
        seen.add(match.demand_id)
        demand = demand_of(session, match)
        solution = solutions.get(session, match.solution_id)
        if solution is None:
            continue
        out.append(
            Recommendation(
                demand=ref(demand),
                solution=ref(solution),
                match_id=match.id,
                score=match.score or 0.0,
                parts=dict(match.parts or {}),
                explanation=in_language(match.explanation, match.explanation_en),
                status=match.status,
            )
        )
        if len(out) >= limit:
            break
    return out
