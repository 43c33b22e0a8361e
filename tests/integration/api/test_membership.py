"""Organization membership: a public credit code or name opens nothing. The first registrant
administers the organization; later ones wait until the administrator (or an official) approves."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from backend.db.session import transaction
from backend.organizations.models import Organization
from tests.conftest import BOTH_DATABASES
from tests.fixtures.api import PASSWORD, Actor, demand_body, login, register, solution_body, staff
from tests.fixtures.uscc import make_uscc

pytestmark = BOTH_DATABASES


def join(
    client: TestClient, *, name: str, uscc: str, email: str, roles: list[str] | None = None
) -> tuple[dict[str, Any], Actor]:
    body = {
        "email": email,
        "password": PASSWORD,
        "display_name": "李工",
        "organization": {"name": name, "uscc": uscc, "kind": "高校", "region": "南京市"},
        "roles": roles or ["publisher"],
    }
    r = client.post("/api/v1/auth/register", json=body)
    assert r.status_code == 201, r.text
    return r.json(), login(client, email)


class Org:
    """An organization founded by a publisher, with a draft demand of its own."""

    def __init__(self, client: TestClient) -> None:
        self.uscc = make_uscc()
        self.name = "常州星源储能科技有限公司"
        founder, self.admin = join(
            client, name=self.name, uscc=self.uscc, email="founder@xingyuan.cn"
        )
        assert founder["membership"] == "active" and founder["is_org_admin"] is True
        self.id = founder["organization"]["id"]
        self.draft = self.admin.post(
            "/api/v1/demands", demand_body(title="储能舱消防联动改造")
        ).json()


def test_a_stranger_with_the_public_credit_code_gets_nothing(client: TestClient) -> None:
    org = Org(client)
    user, stranger = join(
        client, name="冒名顶替有限公司", uscc=org.uscc, email="stranger@example.cn"
    )
    assert user["membership"] == "pending" and user["is_org_admin"] is False
    assert user["organization"]["id"] == org.id

    assert stranger.get(f"/api/v1/demands/{org.draft['id']}").status_code == 404
    assert stranger.get("/api/v1/demands", params={"mine": True}).json()["items"] == []
    created = stranger.post("/api/v1/demands", demand_body())
    assert created.status_code == 403
    assert created.json()["code"] == "organization.membership_pending"
    assert (
        stranger.patch(f"/api/v1/demands/{org.draft['id']}", {"title": "改掉标题"}).status_code
        == 404
    )
    assert stranger.get(f"/api/v1/organizations/{org.id}/members").status_code == 404

    # the organization's details are what its founder registered, not the stranger's
    seen = org.admin.get(f"/api/v1/organizations/{org.id}").json()
    assert (seen["name"], seen["kind"], seen["region"]) == (org.name, "高校", "南京市")
    assert (
        org.admin.get(f"/api/v1/demands/{org.draft['id']}").json()["title"] == "储能舱消防联动改造"
    )


def test_an_organization_known_only_by_name_cannot_be_claimed(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    with transaction(session_factory) as session:
        session.add(Organization(name="南京导入数据研究院", kind="科研院所", region="南京市"))
    user, _ = join(client, name="南京导入数据研究院", uscc=make_uscc(), email="claim@example.cn")
    assert user["membership"] == "pending"
    with transaction(session_factory) as session:
        org = session.get(Organization, user["organization"]["id"])
        assert org is not None and org.uscc is None  # the code was not written onto it


def test_the_administrator_approves_and_the_member_then_works_for_the_organization(
    client: TestClient,
) -> None:
    org = Org(client)
    user, member = join(client, name=org.name, uscc=org.uscc, email="colleague@xingyuan.cn")
    members = org.admin.get(f"/api/v1/organizations/{org.id}/members").json()
    assert [m["membership"] for m in members] == ["pending", "active"]
    assert [a["action"] for a in members[0]["next_actions"]] == ["approve", "remove"]
    # the founder may not be removed: they are the only administrator
    assert [a["action"] for a in members[1]["next_actions"]] == []

    outsider = register(client, ["publisher"])
    approve_url = f"/api/v1/organizations/{org.id}/members/{user['id']}/approve"
    assert outsider.post(approve_url).status_code == 404
    assert member.post(approve_url).status_code == 404  # a pending member cannot approve themself

    approved = org.admin.post(approve_url)
    assert approved.status_code == 200 and approved.json()["membership"] == "active"
    assert org.admin.post(approve_url).status_code == 409  # already approved
    assert member.get(f"/api/v1/demands/{org.draft['id']}").status_code == 200
    assert member.post("/api/v1/demands", demand_body()).status_code == 201

    history = org.admin.get(
        "/api/v1/audit", params={"object_type": "organization", "object_id": org.id}
    ).json()
    assert [e["action"] for e in history] == ["request_membership", "approve_member"]


def test_only_the_administrator_changes_the_organization(client: TestClient) -> None:
    org = Org(client)
    user, member = join(client, name=org.name, uscc=org.uscc, email="second@xingyuan.cn")
    url = f"/api/v1/organizations/{org.id}"
    assert member.patch(url, {"name": "被改掉的名字"}).status_code == 404
    org.admin.post(f"{url}/members/{user['id']}/approve")
    assert member.patch(url, {"name": "被改掉的名字"}).status_code == 403
    assert [a["action"] for a in member.get(url).json()["next_actions"]] == []

    r = org.admin.patch(url, {"name": "常州星源储能股份有限公司", "version": 1})
    assert r.status_code == 200 and r.json()["name"] == "常州星源储能股份有限公司"
    assert org.admin.patch(url, {"region": "常州市", "version": 1}).status_code == 409  # stale
    assert org.admin.patch(url, {"name": None}).status_code == 422


def test_removing_a_member_ends_their_access_but_not_the_last_administrator(
    client: TestClient,
) -> None:
    org = Org(client)
    user, member = join(client, name=org.name, uscc=org.uscc, email="leaver@xingyuan.cn")
    base = f"/api/v1/organizations/{org.id}/members"
    org.admin.post(f"{base}/{user['id']}/approve")
    assert member.get(f"/api/v1/demands/{org.draft['id']}").status_code == 200

    assert (
        org.admin.client.delete(f"{base}/{user['id']}", headers=org.admin.headers).status_code
        == 204
    )
    assert member.get(f"/api/v1/demands/{org.draft['id']}").status_code == 404
    assert member.get("/api/v1/auth/me").json()["membership"] == "removed"

    founder_id = org.admin.user["id"]
    last = org.admin.client.delete(f"{base}/{founder_id}", headers=org.admin.headers)
    assert last.status_code == 409 and last.json()["code"] == "organization.last_admin"


def test_an_official_of_the_region_approves_members_of_an_imported_organization(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    code = make_uscc()
    with transaction(session_factory) as session:
        session.add(
            Organization(name="苏州导入科技有限公司", uscc=code, kind="企业", region="苏州市")
        )
    user, member = join(client, name="苏州导入科技有限公司", uscc=code, email="first@import.cn")
    assert user["membership"] == "pending"
    org_id = user["organization"]["id"]
    nanjing = staff(client, session_factory, "official", org="南京市科学技术局", region="南京市")
    suzhou = staff(client, session_factory, "official", org="苏州市科学技术局", region="苏州市")
    url = f"/api/v1/organizations/{org_id}/members/{user['id']}/approve"
    assert nanjing.post(url).status_code == 404  # another region: the member is not theirs to see
    r = suzhou.post(url)
    assert r.status_code == 200
    # nobody ran the organization yet: the first approved member becomes its administrator
    assert r.json()["is_org_admin"] is True
    assert member.get("/api/v1/auth/me").json()["is_org_admin"] is True


@pytest.mark.parametrize("roles", [["provider"]])
def test_a_pending_provider_can_neither_offer_nor_answer(
    client: TestClient, roles: list[str]
) -> None:
    org = Org(client)
    _, pending = join(client, name=org.name, uscc=org.uscc, email="p@xingyuan.cn", roles=roles)
    r = pending.post("/api/v1/solutions", solution_body())
    assert r.status_code == 403 and r.json()["code"] == "organization.membership_pending"
    assert pending.get("/api/v1/solutions/recommended").json() == []
    assert pending.get("/api/v1/proposals").json() == []
