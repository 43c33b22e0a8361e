"""The permission matrix: every operation in the OpenAPI schema × every role and anonymous.

The table below is the specification. An operation missing from it fails the test, so a new
endpoint cannot ship without a decision about who may call it.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from backend.policy.registry import POLICIES
from tests.fixtures.api import Actor, register, staff

ROLES = ("anonymous", "publisher", "provider", "official", "expert", "admin")
PUBLIC = frozenset(ROLES)
LOGGED_IN = frozenset(ROLES) - {"anonymous"}
PUB = frozenset({"publisher"})
PROV = frozenset({"provider"})
MARKET = frozenset({"publisher", "provider"})
OFFICIAL = frozenset({"official", "admin"})
EXPERT = frozenset({"expert"})

MATRIX: dict[str, frozenset[str]] = {
    "GET /api/v1/health": PUBLIC,
    "GET /api/v1/taxonomy": PUBLIC,
    "POST /api/v1/auth/register": PUBLIC,
    "POST /api/v1/auth/token": PUBLIC,
    "GET /api/v1/auth/me": LOGGED_IN,
    "GET /api/v1/experts": OFFICIAL,
    "GET /api/v1/organizations/{organization_id}": LOGGED_IN,
    "PATCH /api/v1/organizations/{organization_id}": LOGGED_IN,
    "GET /api/v1/organizations/{organization_id}/members": LOGGED_IN,
    "POST /api/v1/organizations/{organization_id}/members/{member_id}/approve": LOGGED_IN,
    "DELETE /api/v1/organizations/{organization_id}/members/{member_id}": LOGGED_IN,
    "POST /api/v1/demands": PUB,
    "GET /api/v1/demands": LOGGED_IN,
    "GET /api/v1/demands/similar": PUB,
    "GET /api/v1/demands/{demand_id}": PUBLIC,
    "PATCH /api/v1/demands/{demand_id}": PUB,
    "DELETE /api/v1/demands/{demand_id}": PUB,
    "POST /api/v1/demands/{demand_id}/submit": PUB,
    "POST /api/v1/demands/{demand_id}/publish": OFFICIAL,
    "POST /api/v1/demands/{demand_id}/return": OFFICIAL,
    "POST /api/v1/demands/{demand_id}/close": PUB,
    "POST /api/v1/solutions": PROV,
    "GET /api/v1/solutions": LOGGED_IN,
    "GET /api/v1/solutions/recommended": PROV,
    "GET /api/v1/solutions/{solution_id}": LOGGED_IN,
    "PATCH /api/v1/solutions/{solution_id}": PROV,
    "DELETE /api/v1/solutions/{solution_id}": PROV,
    "POST /api/v1/demands/{demand_id}/proposals": PROV,
    "GET /api/v1/demands/{demand_id}/proposals": LOGGED_IN,
    "GET /api/v1/proposals": PROV,
    "GET /api/v1/demands/{demand_id}/matches": LOGGED_IN,
    "GET /api/v1/solutions/{solution_id}/matches": LOGGED_IN,
    "GET /api/v1/matches": MARKET,
    "POST /api/v1/matches": OFFICIAL,
    "GET /api/v1/matches/{match_id}": LOGGED_IN,
    "POST /api/v1/matches/{match_id}/engage": MARKET,
    "POST /api/v1/matches/{match_id}/decline": MARKET,
    "POST /api/v1/applications": MARKET,
    "GET /api/v1/applications": LOGGED_IN,
    "GET /api/v1/applications/{application_id}": LOGGED_IN,
    "POST /api/v1/applications/{application_id}/preliminary-review": OFFICIAL,
    "POST /api/v1/applications/{application_id}/experts": OFFICIAL,
    "POST /api/v1/applications/{application_id}/conflict": EXPERT,
    "POST /api/v1/applications/{application_id}/scores": EXPERT,
    "POST /api/v1/applications/{application_id}/notice": OFFICIAL,
    "POST /api/v1/applications/{application_id}/designate": OFFICIAL,
    "POST /api/v1/applications/{application_id}/reject": OFFICIAL,
    "POST /api/v1/notices/{notice_id}/objections": LOGGED_IN,
    "POST /api/v1/objections/{objection_id}/resolve": OFFICIAL,
    "GET /api/v1/scenarios/{scenario_id}": LOGGED_IN,
    "POST /api/v1/scenarios/{scenario_id}/advance": OFFICIAL,
    "GET /api/v1/demand-lists": OFFICIAL,
    "POST /api/v1/demand-lists": OFFICIAL,
    "POST /api/v1/demand-lists/{list_id}/publish": OFFICIAL,
    "GET /api/v1/demand-lists/{list_id}/export": PUBLIC,
    "GET /api/v1/dashboard": OFFICIAL,
    "GET /api/v1/dashboard/export": OFFICIAL,
    "GET /api/v1/audit": LOGGED_IN,
    "GET /api/v1/public/demands": PUBLIC,
    "GET /api/v1/public/demands/{demand_id}": PUBLIC,
    "GET /api/v1/public/solutions": PUBLIC,
    "GET /api/v1/public/solutions/{solution_id}": PUBLIC,
    "GET /api/v1/public/organizations/{organization_id}": PUBLIC,
    "GET /api/v1/public/demand-lists": PUBLIC,
    "GET /api/v1/public/scenarios": PUBLIC,
    "GET /api/v1/public/scenarios/{scenario_id}": PUBLIC,
    "GET /api/v1/public/notices": PUBLIC,
    "GET /api/v1/public/notices/{notice_id}/export": PUBLIC,
    "GET /api/v1/public/dashboard": PUBLIC,
    "POST /api/v1/demands/{demand_id}/attachments": PUB,
    "POST /api/v1/solutions/{solution_id}/attachments": PROV,
    "POST /api/v1/proposals/{proposal_id}/attachments": PROV,
    "POST /api/v1/applications/{application_id}/attachments": MARKET,
    "GET /api/v1/attachments/{attachment_id}": PUBLIC,
    "DELETE /api/v1/attachments/{attachment_id}": LOGGED_IN,
    # one's own inbox, preferences and to-dos; the e-mail's unsubscribe link needs no login
    "GET /api/v1/notifications": LOGGED_IN,
    "GET /api/v1/notifications/unread-count": LOGGED_IN,
    "POST /api/v1/notifications/read-all": LOGGED_IN,
    "POST /api/v1/notifications/{notification_id}/read": LOGGED_IN,
    "GET /api/v1/notifications/preferences": LOGGED_IN,
    "PUT /api/v1/notifications/preferences": LOGGED_IN,
    "GET /api/v1/notifications/unsubscribe": PUBLIC,
    "POST /api/v1/notifications/unsubscribe": PUBLIC,
    "GET /api/v1/todos": LOGGED_IN,
}


def operations(client: TestClient) -> list[str]:
    schema = client.app.openapi()  # type: ignore[attr-defined]
    return [f"{m.upper()} {p}" for p, ops in schema["paths"].items() for m in ops]


def test_every_operation_has_a_row_in_the_matrix(client: TestClient) -> None:
    ops = operations(client)
    assert sorted(set(ops) - set(MATRIX)) == [], "add the new endpoint to MATRIX"
    assert sorted(set(MATRIX) - set(ops)) == [], "MATRIX names an endpoint that is gone"


@pytest.fixture
def actors(client: TestClient, session_factory: sessionmaker[Session]) -> dict[str, Actor]:
    return {
        "publisher": register(client, ["publisher"]),
        "provider": register(client, ["provider"]),
        "official": staff(client, session_factory, "official"),
        "expert": staff(client, session_factory, "expert", org="江苏省专家库"),
        "admin": staff(client, session_factory, "admin"),
    }


def test_each_role_is_allowed_or_denied_as_the_matrix_says(
    client: TestClient, actors: dict[str, Actor]
) -> None:
    wrong: list[str] = []
    for op in operations(client):
        method, path = op.split(" ", 1)
        url = re.sub(r"\{[^}]+\}", "999999", path)
        for role in ROLES:
            headers = actors[role].headers if role in actors else {}
            kwargs: dict[str, object] = {"headers": headers}
            if method in ("POST", "PATCH", "PUT"):
                kwargs["json"] = {}
            r = client.request(method, url, **kwargs)  # type: ignore[arg-type]
            denied = r.status_code in (401, 403)
            expected_denied = role not in MATRIX[op]
            if denied != expected_denied:
                wrong.append(f"{op} as {role}: {r.status_code} {r.text[:80]}")
            if expected_denied:
                expected = 401 if role == "anonymous" else 403
                if r.status_code != expected:
                    wrong.append(f"{op} as {role}: wanted {expected}, got {r.status_code}")
            assert r.status_code < 500, f"{op} as {role}: {r.status_code} {r.text}"
    assert wrong == []


# endpoints that take a policy action: their role gate must be the rule's roles
POLICY_ACTIONS: dict[str, tuple[str, str]] = {
    "PATCH /api/v1/demands/{demand_id}": ("demand", "edit"),
    "DELETE /api/v1/demands/{demand_id}": ("demand", "delete"),
    "POST /api/v1/demands/{demand_id}/submit": ("demand", "submit"),
    "POST /api/v1/demands/{demand_id}/publish": ("demand", "publish"),
    "POST /api/v1/demands/{demand_id}/return": ("demand", "return"),
    "POST /api/v1/demands/{demand_id}/close": ("demand", "close"),
    "POST /api/v1/demands/{demand_id}/proposals": ("demand", "propose"),
    "POST /api/v1/matches": ("demand", "suggest_match"),
    "PATCH /api/v1/solutions/{solution_id}": ("solution", "edit"),
    "DELETE /api/v1/solutions/{solution_id}": ("solution", "delete"),
    "POST /api/v1/matches/{match_id}/engage": ("match", "engage"),
    "POST /api/v1/matches/{match_id}/decline": ("match", "decline"),
    "POST /api/v1/applications": ("match", "apply"),
    "POST /api/v1/applications/{application_id}/preliminary-review": ("application", "pass"),
    "POST /api/v1/applications/{application_id}/experts": ("application", "assign_experts"),
    "POST /api/v1/applications/{application_id}/conflict": ("application", "declare_conflict"),
    "POST /api/v1/applications/{application_id}/scores": ("application", "score"),
    "POST /api/v1/applications/{application_id}/notice": ("application", "open_notice"),
    "POST /api/v1/applications/{application_id}/designate": ("application", "designate"),
    "POST /api/v1/applications/{application_id}/reject": ("application", "reject"),
    "POST /api/v1/objections/{objection_id}/resolve": ("objection", "resolve"),
    "POST /api/v1/notices/{notice_id}/objections": ("notice", "lodge_objection"),
    "POST /api/v1/scenarios/{scenario_id}/advance": ("scenario", "demonstration"),
    "POST /api/v1/demand-lists/{list_id}/publish": ("demand_list", "publish"),
    "POST /api/v1/demands/{demand_id}/attachments": ("demand", "edit_attachments"),
    "POST /api/v1/solutions/{solution_id}/attachments": ("solution", "edit_attachments"),
    "POST /api/v1/proposals/{proposal_id}/attachments": ("proposal", "edit_attachments"),
    "POST /api/v1/applications/{application_id}/attachments": (
        "application",
        "edit_attachments",
    ),
}


def test_each_endpoints_role_gate_is_its_policy_rule() -> None:
    policies = {p.kind.object_type: p for p in POLICIES}
    for op, (object_type, action) in POLICY_ACTIONS.items():
        roles = {r.value for r in policies[object_type].roles_for(action)}
        if "official" in roles:
            roles.add("admin")  # an admin may do whatever an official may do
        assert MATRIX[op] - {"anonymous"} == roles, op
