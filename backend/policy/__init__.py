"""The access policy: one module per object decides who may see it and who may do what.

Services call `require` before they change anything and `next_actions` when they build a read
model; the permission tests enumerate the same rules. Nothing else checks permissions.
"""

from backend.policy.principal import ANONYMOUS, Principal, principal_of

__all__ = ["ANONYMOUS", "Principal", "principal_of"]
