from __future__ import annotations

from enum import StrEnum

from backend.common.workflow import Role, Transition, Workflow


class MatchStatus(StrEnum):
    PROPOSED = "proposed"
    ENGAGED = "engaged"
    DECLINED = "declined"
    APPLIED = "applied"


PARTIES = frozenset({Role.PUBLISHER, Role.PROVIDER})

MATCH_WORKFLOW = Workflow(
    "match",
    "供需匹配",
    [
        # each side confirms once; the match becomes `engaged` when both have (双向确认)
        Transition("engage", frozenset({"proposed"}), "engaged", PARTIES),
        Transition("decline", frozenset({"proposed", "engaged"}), "declined", PARTIES),
        Transition("apply", frozenset({"engaged"}), "applied", PARTIES),
    ],
)

# what a person's action on a pairing teaches the ranker
FEEDBACK_LABELS = {"engage": 1.0, "decline": 0.0, "reject": 0.0, "designate": 1.0, "apply": 1.0}
