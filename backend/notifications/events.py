"""What each change tells whom. Services call these in the transaction of the change, so a
notification exists exactly when its change was committed.

Candidates for each event are found by their relation to the object (its organization's members,
the assigned expert, the objector …); the object's policy then decides who of them is concerned
and allowed to know. The person who made the change is not told about it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from backend.auth.models import User
from backend.demands import repository as demands
from backend.demands.models import Demand
from backend.matches import repository as matches
from backend.matches.models import Match
from backend.notifications import mail, repository
from backend.notifications.delivery import notify, those
from backend.organizations.models import Organization
from backend.policy import Principal, principal_of
from backend.policy import applications as application_rules
from backend.policy.demands import DEMAND_POLICY
from backend.policy.demands import owns as publishes
from backend.policy.matches import MATCH_POLICY, MatchView, sides
from backend.policy.notices import OBJECTION_POLICY, ObjectionView
from backend.policy.organizations import MEMBER_POLICY, MemberView, administers
from backend.policy.proposals import PROPOSAL_POLICY, ProposalView
from backend.policy.scenarios import SCENARIO_POLICY
from backend.proposals.models import Proposal
from backend.review import repository as review
from backend.review.models import Application, Notice, Objection
from backend.scenarios.models import Scenario
from backend.solutions.models import Solution

# ---- demands -------------------------------------------------------------------------------


def _publishers(session: Session, demand: Demand) -> list[User]:
    return those(
        repository.members(session, demand.organization_id),
        lambda p: DEMAND_POLICY.can_view(p, demand) and publishes(p, demand),
    )


def demand_moved(
    session: Session, *, demand: Demand, action: str, actor: User, reason: str | None
) -> None:
    """Published or returned (with the reason): to the demand's publishers."""
    kind = {"publish": "demand_published", "return": "demand_returned"}.get(action)
    if kind is None:
        return
    params: dict[str, Any] = {"demand_title": demand.title}
    if reason:
        params["reason"] = reason
    notify(
        session,
        kind=kind,
        recipients=_publishers(session, demand),
        object_type="demand",
        object_id=demand.id,
        params=params,
        actor_id=actor.id,
    )


def proposal_received(session: Session, *, proposal: Proposal, demand: Demand, actor: User) -> None:
    org = session.get(Organization, proposal.organization_id)
    view = ProposalView(proposal, demand)
    notify(
        session,
        kind="proposal_received",
        recipients=those(_publishers(session, demand), lambda p: PROPOSAL_POLICY.can_view(p, view)),
        object_type="proposal",
        object_id=proposal.id,
        params={
            "demand_title": demand.title,
            "demand_id": demand.id,
            "provider_name": org.name if org else "",
        },
        actor_id=actor.id,
    )


# ---- matches -------------------------------------------------------------------------------


def _side_members(
    session: Session, view: MatchView, side: str, cache: dict[int, list[User]] | None = None
) -> list[User]:
    org_id = view.demand.organization_id if side == "demand" else view.match.provider_org_id
    if cache is not None and org_id in cache:
        people = cache[org_id]
    else:
        people = repository.members(session, org_id)
    return those(
        people,
        lambda p: side in sides(p, view.match, view.demand) and MATCH_POLICY.can_view(p, view),
    )


def match_answered(
    session: Session, *, match: Match, demand: Demand, action: str, actor: User, reason: str | None
) -> None:
    """Engaged or declined (with the reason): to the other side of the pairing."""
    view = MatchView(match, demand)
    acting = sides(principal_of(actor), match, demand)
    other = [s for s in ("demand", "provider") if s not in acting]
    actor_org = session.get(Organization, actor.organization_id)
    params: dict[str, Any] = {
        "demand_title": demand.title,
        "other_name": actor_org.name if actor_org else "",
    }
    if reason:
        params["reason"] = reason
    if action == "engage" and match.engaged_at is not None:
        params["complete"] = True
    recipients = [u for side in other for u in _side_members(session, view, side)]
    notify(
        session,
        kind="match_engaged" if action == "engage" else "match_declined",
        recipients=recipients,
        object_type="match",
        object_id=match.id,
        params=params,
        actor_id=actor.id,
    )


def new_candidates(session: Session, *, created: Sequence[Match], demand_side: bool) -> None:
    """The matcher's new pairings among the top N above the threshold: the demand's publishers
    hear of a new candidate; when the demand was just (re)ranked on publication, the provider
    hears that it fits its solution. A pairing is new once: ranked again, it is kept, not
    created (one that fell out of the rankings and comes back is announced again)."""
    settings = mail.settings_of(session)
    worthy = sorted(
        (
            m
            for m in created
            if m.solution_id is not None and (m.score or 0.0) >= settings.notify_min_score
        ),
        key=lambda m: -(m.score or 0.0),
    )
    by_demand: dict[int, list[Match]] = {}
    for match in worthy:
        by_demand.setdefault(match.demand_id, []).append(match)
    chosen = {d: group[: settings.notify_top_n] for d, group in by_demand.items()}
    if not chosen:
        return
    with session.no_autoflush:  # the new rows are written once, not before every read
        found = {d: demands.get(session, d) for d in chosen}
        orgs = {m.provider_org_id for group in chosen.values() for m in group}
        orgs |= {d.organization_id for d in found.values() if d is not None}
        members = repository.members_of(session, orgs)  # one read for the whole ranking
        for demand_id, group in chosen.items():
            demand = found[demand_id]
            if demand is None:
                continue
            for match in group:
                _announce(session, match, demand, demand_side=demand_side, members=members)


def _announce(
    session: Session,
    match: Match,
    demand: Demand,
    *,
    demand_side: bool,
    members: dict[int, list[User]],
) -> None:
    solution = session.get(Solution, match.solution_id) if match.solution_id else None
    provider = session.get(Organization, match.provider_org_id)
    params: dict[str, Any] = {
        "demand_title": demand.title,
        "demand_id": demand.id,
        "solution_title": solution.title if solution else "",
        "provider_name": provider.name if provider else "",
        "score": match.score,
        "explanation": match.explanation or "",
        "explanation_en": match.explanation_en or "",
    }
    view = MatchView(match, demand)
    told = [("candidate_found", _side_members(session, view, "demand", members))]
    if demand_side:
        told.append(("demand_fits", _side_members(session, view, "provider", members)))
    for kind, people in told:
        notify(
            session,
            kind=kind,
            recipients=people,
            object_type="match",
            object_id=match.id,
            params=params,
            actor_id=None,
        )


# ---- applications, notices, objections -----------------------------------------------------


def view_of(session: Session, application: Application) -> application_rules.ApplicationView:
    """Enough of the application for who-may-know (parties, officials); not its review."""
    match = matches.get(session, application.match_id)
    assert match is not None
    demand = demands.get(session, match.demand_id)
    assert demand is not None
    return application_rules.ApplicationView(
        application=application, match=match, demand=demand, now=datetime.now(UTC), min_experts=0
    )


def _parties(session: Session, view: application_rules.ApplicationView) -> list[User]:
    candidates = repository.members(session, view.demand.organization_id)
    if view.match.provider_org_id != view.demand.organization_id:
        candidates += repository.members(session, view.match.provider_org_id)
    return those(
        candidates,
        lambda p: (
            application_rules.is_party(p, view)
            and application_rules.APPLICATION_POLICY.can_view(p, view)
        ),
    )


def _officials(session: Session, view: application_rules.ApplicationView) -> list[User]:
    return those(
        repository.holders_of(session, ["official", "admin"]),
        lambda p: (
            application_rules.official_of(p, view)
            and application_rules.APPLICATION_POLICY.can_view(p, view)
        ),
    )


def _objectors(session: Session, notice: Notice | None) -> list[tuple[User, Objection]]:
    if notice is None:
        return []
    out = []
    for objection in review.objections(session, notice.id):
        author = repository.user(session, objection.author_id)
        if author is not None and OBJECTION_POLICY.can_view(
            principal_of(author), ObjectionView(objection, "")
        ):
            out.append((author, objection))
    return out


def _application_params(view: application_rules.ApplicationView, **extra: Any) -> dict[str, Any]:
    params: dict[str, Any] = {"demand_title": view.demand.title}
    params.update({k: v for k, v in extra.items() if v not in (None, "")})
    return params


def application_moved(
    session: Session,
    *,
    application: Application,
    kind: str,
    actor: User,
    reason: str | None = None,
    days: int | None = None,
) -> None:
    """A step of the review, told to the parties (rejections and designations to the objectors
    of its notice too, pointing at the public notice)."""
    view = view_of(session, application)
    params = _application_params(view, reason=reason, days=days)
    notify(
        session,
        kind=kind,
        recipients=_parties(session, view),
        object_type="application",
        object_id=application.id,
        params=params,
        actor_id=actor.id,
    )
    if kind in ("application_designated", "application_rejected"):
        notice = review.notice_for(session, application.id)
        objectors = _objectors(session, notice)
        if notice is not None and objectors:
            notify(
                session,
                kind=kind,
                recipients=[u for u, _ in objectors],
                object_type="notice",
                object_id=notice.id,
                params=params,
                actor_id=actor.id,
            )


def experts_assigned(
    session: Session, *, application: Application, expert_ids: Sequence[int], actor: User
) -> None:
    """To each newly assigned expert, and to the parties that the review went to experts."""
    view = view_of(session, application)
    assigned = replace(view, assignments={e: "assigned" for e in expert_ids})
    notify(
        session,
        kind="expert_assigned",
        recipients=those(
            repository.users(session, expert_ids),
            lambda p: (
                application_rules.is_assigned(p, assigned)
                and application_rules.APPLICATION_POLICY.can_view(p, assigned)
            ),
        ),
        object_type="application",
        object_id=application.id,
        params=_application_params(view),
        actor_id=actor.id,
    )
    if expert_ids:
        application_moved(
            session, application=application, kind="application_sent_to_experts", actor=actor
        )


def objection_lodged(
    session: Session, *, notice: Notice, application: Application, actor: User
) -> None:
    """To the parties and the officials of the region, who resolve it (not to the objector)."""
    view = view_of(session, application)
    notify(
        session,
        kind="objection_lodged",
        recipients=[*_parties(session, view), *_officials(session, view)],
        object_type="application",
        object_id=application.id,
        params=_application_params(view),
        actor_id=actor.id,
    )


def objection_resolved(
    session: Session, *, objection: Objection, application: Application, actor: User
) -> None:
    """To the objector (pointing at the public notice) and to the parties."""
    view = view_of(session, application)
    params = _application_params(
        view, upheld=objection.status == "upheld", resolution=objection.resolution
    )
    author = repository.user(session, objection.author_id)
    region = view.demand.region or ""
    if author is not None and OBJECTION_POLICY.can_view(
        principal_of(author), ObjectionView(objection, region)
    ):
        notify(
            session,
            kind="objection_resolved",
            recipients=[author],
            object_type="notice",
            object_id=objection.notice_id,
            params=params,
            actor_id=actor.id,
        )
    notify(
        session,
        kind="objection_resolved",
        recipients=[u for u in _parties(session, view) if author is None or u.id != author.id],
        object_type="application",
        object_id=application.id,
        params=params,
        actor_id=actor.id,
    )


# ---- scenarios -------------------------------------------------------------------------------


def scenario_advanced(session: Session, *, scenario: Scenario, actor: User) -> None:
    candidates = repository.members(session, scenario.publisher_org_id)
    if scenario.provider_org_id != scenario.publisher_org_id:
        candidates += repository.members(session, scenario.provider_org_id)

    def party(p: Principal) -> bool:
        in_org = p.member_of(scenario.publisher_org_id) or p.member_of(scenario.provider_org_id)
        return in_org and SCENARIO_POLICY.allows(p, "read_history", scenario)

    notify(
        session,
        kind="scenario_advanced",
        recipients=those(candidates, party),
        object_type="scenario",
        object_id=scenario.id,
        params={"scenario_title": scenario.title, "stage": scenario.stage},
        actor_id=actor.id,
    )


# ---- organizations -------------------------------------------------------------------------


def membership_requested(session: Session, *, member: User, organization: Organization) -> None:
    """A registrant waits to join: the organization's administrators approve."""
    members = repository.members(session, organization.id)
    view = MemberView(member, organization, sum(1 for u in members if u.is_org_admin))
    notify(
        session,
        kind="membership_requested",
        recipients=those(
            members,
            lambda p: administers(p, organization) and MEMBER_POLICY.allows(p, "approve", view),
        ),
        object_type="organization",
        object_id=organization.id,
        params={
            "member_name": member.display_name,
            "member_email": member.email,
            "organization_name": organization.name,
        },
        actor_id=member.id,
    )


def membership_approved(
    session: Session, *, member: User, organization: Organization, actor: User
) -> None:
    view = MemberView(member, organization, 1)
    notify(
        session,
        kind="membership_approved",
        recipients=those([member], lambda p: MEMBER_POLICY.can_view(p, view)),
        object_type="organization",
        object_id=organization.id,
        params={"organization_name": organization.name},
        actor_id=actor.id,
    )
