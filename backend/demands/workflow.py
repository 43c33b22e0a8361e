from __future__ import annotations

from enum import StrEnum

from backend.common.workflow import Role, Transition, Workflow


class DemandStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    RETURNED = "returned"
    CLOSED = "closed"
    EXPIRED = "expired"


DEMAND_WORKFLOW = Workflow(
    "demand",
    "场景需求",
    [
        Transition(
            "submit", frozenset({"draft", "returned"}), "submitted", frozenset({Role.PUBLISHER})
        ),
        Transition("publish", frozenset({"submitted"}), "published", frozenset({Role.OFFICIAL})),
        Transition("return", frozenset({"submitted"}), "returned", frozenset({Role.OFFICIAL})),
        Transition(
            "close",
            frozenset({"draft", "submitted", "returned", "published"}),
            "closed",
            frozenset({Role.PUBLISHER}),
        ),
        # taken by the system when the deadline passes, never by a person
        Transition("expire", frozenset({"published"}), "expired", frozenset()),
    ],
)

EDITABLE_STATES = frozenset({"draft", "returned"})
# states whose demands the public may read (if they were ever published)
PUBLIC_STATES = frozenset({"published", "closed", "expired"})
