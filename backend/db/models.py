"""Imports every model so that Alembic and the tests see the whole schema."""

from backend.attachments.models import Attachment
from backend.audit.models import AuditEvent
from backend.auth.models import LoginCounter, User
from backend.db.base import Base
from backend.demand_lists.models import DemandList, DemandListItem
from backend.demands.models import Demand
from backend.freshness.models import CacheVersion
from backend.indexing.models import OutboxEntry
from backend.matches.models import Match, MatchFeedback
from backend.notifications.models import (
    DigestSubscription,
    MailMessage,
    Notification,
    NotificationPreference,
)
from backend.organizations.models import Organization
from backend.proposals.models import Proposal
from backend.review.models import Application, ExpertAssignment, Notice, Objection, Score
from backend.scenarios.models import Scenario
from backend.solutions.models import Solution

__all__ = [
    "Application",
    "Attachment",
    "AuditEvent",
    "Base",
    "CacheVersion",
    "Demand",
    "DemandList",
    "DemandListItem",
    "DigestSubscription",
    "ExpertAssignment",
    "LoginCounter",
    "MailMessage",
    "Match",
    "MatchFeedback",
    "Notice",
    "Notification",
    "NotificationPreference",
    "Objection",
    "Organization",
    "OutboxEntry",
    "Proposal",
    "Scenario",
    "Score",
    "Solution",
    "User",
]
