"""A state machine as a table of transitions, each guarded by the roles that may take it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from backend.errors import conflict


class Role(StrEnum):
    PUBLISHER = "publisher"
    PROVIDER = "provider"
    OFFICIAL = "official"
    EXPERT = "expert"
    ADMIN = "admin"


SELF_REGISTRABLE = frozenset({Role.PUBLISHER, Role.PROVIDER})


def holds_any(user_roles: Iterable[str], allowed: Iterable[Role]) -> bool:
    """An admin may do whatever an official may do."""
    held = set(user_roles)
    wanted = set(allowed)
    if Role.ADMIN in held and Role.OFFICIAL in wanted:
        return True
    return bool(held & {r.value for r in wanted})


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    roles: frozenset[Role]


class Workflow:
    def __init__(self, object_type: str, label_zh: str, transitions: Iterable[Transition]) -> None:
        self.object_type = object_type
        self.label_zh = label_zh
        self._by_action = {t.action: t for t in transitions}

    def transition(self, action: str) -> Transition:
        return self._by_action[action]

    def roles_for(self, action: str) -> frozenset[Role]:
        return self._by_action[action].roles

    def actions(self) -> list[Transition]:
        return list(self._by_action.values())

    def next_actions(self, state: str) -> list[Transition]:
        return [t for t in self._by_action.values() if state in t.sources]

    def require(self, action: str, current: str) -> Transition:
        """The transition for `action` from `current`, or 409 naming the current state."""
        t = self._by_action[action]
        if current not in t.sources:
            raise conflict(
                f"{self.object_type}.illegal_transition",
                f"当前状态为「{STATE_LABELS_ZH.get(current, current)}」，不能执行此操作",
                f"Cannot {action} a {self.object_type} in state '{current}'",
                current_state=current,
            )
        return t


STATE_LABELS_ZH = {
    "draft": "草稿",
    "submitted": "已提交",
    "published": "已发布",
    "returned": "已退回",
    "closed": "已关闭",
    "expired": "已过期",
    "proposed": "待确认",
    "engaged": "双向确认",
    "declined": "已婉拒",
    "applied": "已申报",
    "expert_review": "专家评审",
    "public_notice": "公示中",
    "designated": "已认定",
    "rejected": "未通过",
    "piloting": "试点建设",
    "demonstration": "示范",
    "replicable": "可复制推广",
}
