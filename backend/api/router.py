"""All routers under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter

from backend.attachments.router import router as attachments
from backend.audit.router import router as audit
from backend.auth.router import router as auth
from backend.dashboard.router import public_router as public_dashboard
from backend.dashboard.router import router as dashboard
from backend.demand_lists.router import public_router as public_lists
from backend.demand_lists.router import router as demand_lists
from backend.demands.router import public_router as public_demands
from backend.demands.router import router as demands
from backend.matches.router import router as matches
from backend.meta.router import router as meta
from backend.notifications.router import router as notifications
from backend.organizations.router import public_router as public_organizations
from backend.organizations.router import router as organizations
from backend.proposals.router import router as proposals
from backend.review.router import public_router as public_notices
from backend.review.router import router as review
from backend.scenarios.router import public_router as public_scenarios
from backend.scenarios.router import router as scenarios
from backend.solutions.router import public_router as public_solutions
from backend.solutions.router import router as solutions

api_router = APIRouter()
for r in (
    meta,
    auth,
    organizations,
    demands,
    solutions,
    proposals,
    matches,
    review,
    scenarios,
    demand_lists,
    dashboard,
    audit,
    attachments,
    notifications,
    public_demands,
    public_solutions,
    public_organizations,
    public_lists,
    public_scenarios,
    public_notices,
    public_dashboard,
):
    api_router.include_router(r)
