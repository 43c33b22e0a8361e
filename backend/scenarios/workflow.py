from __future__ import annotations

from enum import StrEnum

from backend.common.workflow import Role, Transition, Workflow


class ScenarioStage(StrEnum):
    PILOTING = "piloting"
    DEMONSTRATION = "demonstration"
    REPLICABLE = "replicable"


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
