from __future__ import annotations

from backend.common.workflow import Role, Transition, Workflow

SCENARIO_WORKFLOW = Workflow(
    "scenario",
    "应用场景",
    [
        Transition(
            "demonstration", frozenset({"piloting"}), "demonstration", frozenset({Role.OFFICIAL})
        ),
        Transition(
            "replicable", frozenset({"demonstration"}), "replicable", frozenset({Role.OFFICIAL})
        ),
    ],
)
