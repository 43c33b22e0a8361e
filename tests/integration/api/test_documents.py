"""Lists and notices are official documents: officials give them an issuing body (发文单位) and
a document number (文号) when they publish them, and anyone who may see them downloads an A4
PDF whose Chinese text is real, extractable text."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import BOTH_DATABASES
from tests.fixtures.api import Actor, demand_body, register, staff
from tests.integration.api.test_journey import end_notice_now
from tests.integration.api.test_review_rules import SCORES, Stage

pytestmark = BOTH_DATABASES

ISSUER = "江苏省科学技术厅"
NUMBER = "苏科发〔2026〕12号"


def pdf_text(content: bytes) -> str:
    """The PDF's text, without the line breaks and spaces the layout puts into it."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian poppler-utils) is not installed: cannot read the PDF")
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    )
    return "".join(done.stdout.decode("utf-8").split())


def compiled_list(client: TestClient, factory: sessionmaker[Session], *titles: str) -> Any:
    publisher = register(client, ["publisher"], org_name="泰州海陵电力设备有限公司")
    official = staff(client, factory, "official")
    ids = []
    for title in titles:
        d = publisher.post("/api/v1/demands", demand_body(title=title)).json()
        publisher.post(f"/api/v1/demands/{d['id']}/submit")
        official.post(f"/api/v1/demands/{d['id']}/publish")
        ids.append(d["id"])
    made = official.post("/api/v1/demand-lists", {"title": "2026年第一批", "demand_ids": ids})
    assert made.status_code == 201, made.text
    return official, made.json()["id"]


def test_a_published_list_downloads_as_a_pdf_with_its_issuer_number_and_demands(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    official, list_id = compiled_list(
        client, session_factory, "储能电站电池热失控早期预警", "<b>配电终端</b> & 加密改造"
    )
    url = f"/api/v1/demand-lists/{list_id}/export"
    # a draft list is not public, as a PDF neither; its officials may download it
    assert client.get(url, params={"format": "pdf"}).status_code == 404
    assert official.get(url, params={"format": "pdf"}).status_code == 200

    published = official.post(
        f"/api/v1/demand-lists/{list_id}/publish",
        {"issuing_body": f"  {ISSUER} ", "document_number": NUMBER},
    )
    assert published.status_code == 200, published.text
    assert published.json()["issuing_body"] == ISSUER
    public = client.get("/api/v1/public/demand-lists").json()
    assert public[0]["document_number"] == NUMBER
    # the server offers the download to a visitor: the page's PDF button follows that offer
    assert [a["action"] for a in public[0]["next_actions"]] == ["export"]

    r = client.get(url, params={"format": "pdf"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    text = pdf_text(r.content)
    for expected in (ISSUER, "2026年第一批", NUMBER, "储能电站电池热失控早期预警"):
        assert expected in text
    # what people typed is printed as text, never read as markup
    assert "<b>配电终端</b>&加密改造" in text
    assert "泰州海陵电力设备有限公司" in text and "第1页" in text


def test_a_list_published_without_a_number_still_downloads(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    official, list_id = compiled_list(client, session_factory, "储能电站电池热失控早期预警")
    published = official.post(f"/api/v1/demand-lists/{list_id}/publish")
    assert published.status_code == 200 and published.json()["document_number"] is None
    r = client.get(f"/api/v1/demand-lists/{list_id}/export", params={"format": "pdf"})
    assert "储能电站电池热失控早期预警" in pdf_text(r.content)


def test_a_document_number_names_one_list_only(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    official, first = compiled_list(client, session_factory, "储能电站电池热失控早期预警")
    second = official.post(
        "/api/v1/demand-lists",
        {"title": "2026年第二批", "demand_ids": [d["id"] for d in _demands(official, first)]},
    ).json()["id"]
    body = {"issuing_body": ISSUER, "document_number": NUMBER}
    assert official.post(f"/api/v1/demand-lists/{first}/publish", body).status_code == 200
    again = official.post(f"/api/v1/demand-lists/{second}/publish", body)
    assert again.status_code == 409
    assert again.json()["code"] == "demand_list.document_number_taken"
    assert again.json()["errors"][0]["field"] == "document_number"
    # refused, so still a draft; another number publishes it
    other = {**body, "document_number": "苏科发〔2026〕13号"}
    assert official.post(f"/api/v1/demand-lists/{second}/publish", other).status_code == 200


def _demands(official: Actor, list_id: int) -> list[dict[str, Any]]:
    lists = official.get("/api/v1/demand-lists").json()
    return next(item["demands"] for item in lists if item["id"] == list_id)


@pytest.mark.parametrize(
    "document",
    [
        {"document_number": "   "},
        {"issuing_body": ""},
        {"document_number": "苏科发\u0007〔2026〕12号"},
        {"document_number": "号" * 65},
        {"issuing_body": "厅" * 101},
    ],
)
def test_a_blank_overlong_or_control_character_document_field_is_refused(
    client: TestClient, session_factory: sessionmaker[Session], document: dict[str, str]
) -> None:
    official, list_id = compiled_list(client, session_factory, "储能电站电池热失控早期预警")
    r = official.post(f"/api/v1/demand-lists/{list_id}/publish", document)
    assert r.status_code == 422, r.text
    assert official.get("/api/v1/demand-lists").json()[0]["status"] == "draft"


def test_a_notice_downloads_as_a_pdf_while_it_is_public(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    s = Stage(client, session_factory)
    experts = s.experts(3)
    s.to_expert_review(experts)
    for expert in experts:
        assert expert.post(s.url("/scores"), SCORES).status_code == 201
    blank = s.official.post(s.url("/notice"), {"days": 5, "document_number": " "})
    assert blank.status_code == 422
    opened = s.official.post(
        s.url("/notice"), {"days": 5, "issuing_body": ISSUER, "document_number": NUMBER}
    )
    assert opened.status_code == 201, opened.text
    notice = opened.json()["notice"]
    assert (notice["issuing_body"], notice["document_number"]) == (ISSUER, NUMBER)

    url = f"/api/v1/public/notices/{notice['id']}/export"
    # the server offers the document to everyone, a visitor too: the page shows its button so
    [listed] = client.get("/api/v1/public/notices").json()
    assert "export" in [a["action"] for a in listed["next_actions"]]
    r = client.get(url, params={"format": "pdf"})  # a visitor, while the notice runs
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    text = pdf_text(r.content)
    title = "".join(notice["title"].split())
    for expected in (ISSUER, NUMBER, title, "工商业储能电站电池热失控早期预警"):
        assert expected in text
    assert "异议方式" in text and "东南大学储能安全实验室" in text
    assert "试点运行六个月" not in text  # the pilot plan is not public

    # a closed notice stays on the public record, and so does its PDF
    end_notice_now(session_factory, s.app_id)
    closed = client.get("/api/v1/public/notices", params={"include_closed": True}).json()
    assert [a["action"] for a in closed[0]["next_actions"]] == ["export"]
    assert client.get(url).status_code == 200
    assert client.get("/api/v1/public/notices/999999/export").status_code == 404
    assert client.get(url, params={"format": "xlsx"}).status_code == 422
