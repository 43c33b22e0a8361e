from __future__ import annotations

from enum import StrEnum

from backend.common.workflow import Role, Transition, Workflow


class ApplicationStatus(StrEnum):
    SUBMITTED = "submitted"
    EXPERT_REVIEW = "expert_review"
    PUBLIC_NOTICE = "public_notice"
    DESIGNATED = "designated"
    REJECTED = "rejected"


OFFICIAL = frozenset({Role.OFFICIAL})
OPEN_STAGES = frozenset({"submitted", "expert_review", "public_notice"})
DECIDED_STATES = frozenset({"designated", "rejected"})

APPLICATION_WORKFLOW = Workflow(
    "application",
    "示范申报",
    [
        Transition("pass", frozenset({"submitted"}), "expert_review", OFFICIAL),  # 初审通过
        Transition("assign_experts", frozenset({"expert_review"}), "expert_review", OFFICIAL),
        Transition(
            "score", frozenset({"expert_review"}), "expert_review", frozenset({Role.EXPERT})
        ),
        Transition(
            "declare_conflict",
            frozenset({"expert_review"}),
            "expert_review",
            frozenset({Role.EXPERT}),
        ),
        Transition("open_notice", frozenset({"expert_review"}), "public_notice", OFFICIAL),  # 公示
        Transition("designate", frozenset({"public_notice"}), "designated", OFFICIAL),  # 认定
        Transition("reject", OPEN_STAGES, "rejected", OFFICIAL),
    ],
)

RUBRIC = ("innovation", "advancement", "feasibility", "replicability", "benefit")
RUBRIC_ZH = {
    "innovation": "创新性",
    "advancement": "先进性",
    "feasibility": "可行性",
    "replicability": "可复制推广性",
    "benefit": "效益",
}
