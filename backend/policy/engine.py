"""The rule engine every object's policy is built from.

A rule names an action, the roles that may take it, the relation the person must have to the
object (owner, party, official of its region, assigned expert …), the states it may be taken
from (taken from the object's workflow where it has one) and further preconditions. The same
rule answers three questions: may this person do it (`require`, raising the right error), which
actions does this person have now (`next_actions`), and what the permission tests enumerate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from backend.common.schemas import NextAction
from backend.common.workflow import STATE_LABELS_ZH, Role, Workflow
from backend.errors import AppError, conflict, forbidden, not_found
from backend.policy.principal import Principal

T = TypeVar("T")

Relation = Callable[[Principal, T], bool]


@dataclass(frozen=True)
class Precondition(Generic[T]):
    """Something the object must satisfy beyond its state; refused with 409 when it does not."""

    name: str
    holds: Callable[[Principal, T], bool]
    refusal: Callable[[T], AppError]


@dataclass(frozen=True)
class Rule(Generic[T]):
    action: str
    roles: frozenset[Role]  # empty: anyone, anonymous visitors included
    relation: Relation[T]
    relation_name: str
    states: frozenset[str] | None = None  # None: any state
    preconditions: tuple[Precondition[T], ...] = ()
    # shown as the refusal when the relation does not hold
    outside_zh: str = "无权执行此操作"
    outside_en: str = "Not allowed"
    # False for what is a permission but not a next step (reading candidates, listing …)
    shown: bool = True


@dataclass(frozen=True)
class Kind:
    """How an object type is named in errors."""

    object_type: str
    label_zh: str
    label_en: str


@dataclass
class Policy(Generic[T]):
    """All access rules for one object type."""

    kind: Kind
    state_of: Callable[[T], str]
    visible: Callable[[Principal, T], bool]
    rules: dict[str, Rule[T]] = field(default_factory=dict)
    workflow: Workflow | None = None

    def add(self, rule: Rule[T]) -> None:
        self.rules[rule.action] = rule

    def transition_rule(
        self,
        action: str,
        relation: Relation[T],
        relation_name: str,
        *,
        preconditions: Iterable[Precondition[T]] = (),
        outside_zh: str = "无权执行此操作",
        outside_en: str = "Not allowed",
    ) -> None:
        """A rule whose roles and source states come from the workflow's transition table."""
        assert self.workflow is not None
        t = self.workflow.transition(action)
        self.add(
            Rule(
                action,
                t.roles,
                relation,
                relation_name,
                t.sources,
                tuple(preconditions),
                outside_zh,
                outside_en,
            )
        )

    def not_found(self) -> AppError:
        return not_found(
            self.kind.label_zh, self.kind.label_en, f"{self.kind.object_type}.not_found"
        )

    def can_view(self, principal: Principal, obj: T) -> bool:
        return self.visible(principal, obj)

    def require_visible(self, principal: Principal, obj: T | None) -> T:
        if obj is None or not self.visible(principal, obj):
            raise self.not_found()
        return obj

    def refusal(self, principal: Principal, action: str, obj: T) -> AppError | None:
        """Why `principal` may not take `action` on `obj` now, or None when they may."""
        rule = self.rules[action]
        if not self.visible(principal, obj):
            return self.not_found()
        if rule.roles and not principal.holds(rule.roles):  # no roles: anyone, anonymous too
            return forbidden()
        if not rule.relation(principal, obj):
            return forbidden(rule.outside_zh, rule.outside_en)
        state = self.state_of(obj)
        if rule.states is not None and state not in rule.states:
            return conflict(
                f"{self.kind.object_type}.illegal_transition",
                f"当前状态为「{STATE_LABELS_ZH.get(state, state)}」，不能执行此操作",
                f"Cannot {action} a {self.kind.object_type} in state '{state}'",
                current_state=state,
            )
        for pre in rule.preconditions:
            if not pre.holds(principal, obj):
                return pre.refusal(obj)
        return None

    def allows(self, principal: Principal, action: str, obj: T) -> bool:
        return self.refusal(principal, action, obj) is None

    def require(self, principal: Principal, action: str, obj: T) -> None:
        refusal = self.refusal(principal, action, obj)
        if refusal is not None:
            raise refusal

    def next_actions(self, principal: Principal, obj: T) -> list[NextAction]:
        return [
            NextAction(action=rule.action, roles=sorted(r.value for r in rule.roles))
            for rule in self.rules.values()
            if rule.shown and self.refusal(principal, rule.action, obj) is None
        ]

    def roles_for(self, action: str) -> frozenset[Role]:
        return self.rules[action].roles
