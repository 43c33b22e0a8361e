"""E-mail notifications against a REAL SMTP server in this process (aiosmtpd): the Chinese
subject and body (plain text and HTML) with the reason and a link, the unsubscribe link, the
preferences, and a server that is down and comes back (nothing lost, nothing sent twice)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from email.header import decode_header, make_header
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from backend.config import Settings
from backend.db.base import utcnow
from backend.notifications import mail
from backend.notifications.models import MailMessage
from backend.notifications.sender import MailWorker
from tests.conftest import BOTH_DATABASES
from tests.fixtures.api import Actor, demand_body, register, staff
from tests.fixtures.smtp import Inbox, free_port, html_of, smtp_server, text_of

BASE = "https://scenariohub.example.cn"


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def settings(database_url: str, tmp_path: Path, smtp_port: int) -> Settings:
    return Settings(  # type: ignore[call-arg]
        DATABASE_URL=database_url,
        SCENARIOHUB_DATA_DIR=tmp_path / "data",
        SCENARIOHUB_MATCHER=False,
        SCENARIOHUB_FRONTEND_DIST=tmp_path / "no-dist",
        # the tests send the outbox themselves (`mail.drain`), one test runs the thread
        SCENARIOHUB_INDEX_WORKER=False,
        SCENARIOHUB_SMTP_HOST="127.0.0.1",
        SCENARIOHUB_SMTP_PORT=smtp_port,
        SCENARIOHUB_SMTP_TLS="none",
        SCENARIOHUB_MAIL_FROM="场景汇 <noreply@scenariohub.example.cn>",
        SCENARIOHUB_BASE_URL=BASE,
    )


@pytest.fixture
def inbox(smtp_port: int) -> Iterator[Inbox]:
    with smtp_server(smtp_port) as (received, _):
        yield received


def subject_of(message: object) -> str:
    return str(make_header(decode_header(str(message["Subject"]))))  # type: ignore[index]


def returned_demand(client: TestClient, factory: sessionmaker[Session]) -> tuple[Actor, int]:
    publisher = register(client, ["publisher"])
    official = staff(client, factory, "official")
    demand = publisher.post("/api/v1/demands", demand_body()).json()
    publisher.post(f"/api/v1/demands/{demand['id']}/submit")
    r = official.post(f"/api/v1/demands/{demand['id']}/return", {"reason": "预期目标缺少量化指标"})
    assert r.status_code == 200, r.text
    return publisher, int(demand["id"])


def queued(factory: sessionmaker[Session]) -> list[MailMessage]:
    with factory() as session:
        return list(session.scalars(select(MailMessage).order_by(MailMessage.id)))


@BOTH_DATABASES
def test_a_returned_demand_is_mailed_in_chinese_with_the_reason_a_link_and_an_unsubscribe_link(
    client: TestClient, session_factory: sessionmaker[Session], settings: Settings, inbox: Inbox
) -> None:
    publisher, demand_id = returned_demand(client, session_factory)
    assert mail.drain(session_factory, settings).sent == 1
    [message] = inbox.to(publisher.user["email"])
    assert subject_of(message) == "【场景汇】需求被退回"
    assert "场景汇" in str(make_header(decode_header(str(message["From"]))))
    text, page = text_of(message), html_of(message)
    for body in (text, page):
        assert "预期目标缺少量化指标" in body
        assert f"{BASE}/workspace/demands/{demand_id}" in body
    assert "<a href=" in page and "理由" in text
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith(f"{BASE}/api/v1/notifications/unsubscribe?token=")
    assert unsubscribe in text
    assert mail.drain(session_factory, settings).sent == 0  # sent once
    assert len(inbox.messages) == 1

    # the link: a GET only asks; the POST (or a one-click client) unsubscribes that kind
    token = parse_qs(urlparse(unsubscribe).query)["token"][0]
    path = "/api/v1/notifications/unsubscribe"
    assert client.get(path, params={"token": token}).status_code == 200
    prefs = {
        k["kind"]: k["email"]
        for k in publisher.get("/api/v1/notifications/preferences").json()["kinds"]
    }
    assert prefs["demand_returned"] == "immediate"
    r = client.post(path, params={"token": token})
    assert r.status_code == 200 and "需求被退回" in r.text
    prefs = {
        k["kind"]: k["email"]
        for k in publisher.get("/api/v1/notifications/preferences").json()["kinds"]
    }
    assert prefs["demand_returned"] == "never" and prefs["demand_published"] == "immediate"
    assert client.post(path, params={"token": token + "x"}).status_code == 400
    # an unsubscribe token is no login token
    assert (
        client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )


def test_preferences_choose_immediate_digest_or_never_per_kind(
    client: TestClient, session_factory: sessionmaker[Session], settings: Settings, inbox: Inbox
) -> None:
    publisher = register(client, ["publisher"])
    url = "/api/v1/notifications/preferences"
    assert client.get(url).status_code == 401
    prefs = publisher.get(url).json()
    assert prefs["email_enabled"] is True and prefs["digest_period"] == "daily"
    by_kind = {k["kind"]: k for k in prefs["kinds"]}
    assert (
        by_kind["demand_fits"]["email"] == "digest"
        and by_kind["demand_returned"]["default"] == "immediate"
    )
    assert by_kind["demand_returned"]["title"] == "需求被退回"
    english = publisher.get(url, headers={"Accept-Language": "en"}).json()
    assert {k["kind"]: k["title"] for k in english["kinds"]}["demand_returned"] == "Demand returned"

    r = publisher.client.put(
        url,
        json={"digest_period": "weekly", "kinds": [{"kind": "demand_published", "email": "never"}]},
        headers=publisher.headers,
    )
    assert r.status_code == 200, r.text
    assert r.json()["digest_period"] == "weekly"
    assert {k["kind"]: k["email"] for k in r.json()["kinds"]}["demand_published"] == "never"
    bad = publisher.client.put(
        url, json={"kinds": [{"kind": "no_such_kind", "email": "never"}]}, headers=publisher.headers
    )
    assert bad.status_code == 422
    bad = publisher.client.put(
        url,
        json={"kinds": [{"kind": "demand_published", "email": "hourly"}]},
        headers=publisher.headers,
    )
    assert bad.status_code == 422

    official = staff(client, session_factory, "official")
    demand = publisher.post("/api/v1/demands", demand_body()).json()
    publisher.post(f"/api/v1/demands/{demand['id']}/submit")
    official.post(f"/api/v1/demands/{demand['id']}/publish")
    # in-app always; no e-mail for a kind set to never
    assert publisher.get("/api/v1/notifications").json()["items"][0]["kind"] == "demand_published"
    assert queued(session_factory) == []


def test_without_an_smtp_host_no_mail_is_queued(
    client: TestClient, session_factory: sessionmaker[Session], settings: Settings
) -> None:
    settings.smtp_host = ""
    publisher, _ = returned_demand(client, session_factory)
    assert publisher.get("/api/v1/notifications").json()["unread"] == 1
    assert queued(session_factory) == []
    assert publisher.get("/api/v1/notifications/preferences").json()["email_enabled"] is False


@BOTH_DATABASES
def test_mail_waits_while_the_smtp_server_is_down_and_goes_once_it_is_back(
    client: TestClient, session_factory: sessionmaker[Session], settings: Settings, smtp_port: int
) -> None:
    publisher, _ = returned_demand(client, session_factory)  # nothing listens on the port yet
    now = utcnow()
    for attempt in (1, 2):
        result = mail.drain(session_factory, settings, clock=lambda: now)
        assert (result.sent, result.deferred) == ((0, 1) if attempt == 1 else (0, 0))
    [row] = queued(session_factory)
    assert row.sent_at is None and row.failed_at is None and row.attempts == 1
    assert row.next_attempt_at is not None and row.next_attempt_at > now
    assert "ConnectionRefused" in (row.last_error or "") or "Errno" in (row.last_error or "")

    # down for long: attempts go on past the outbox's limit, and the message is never set aside
    later = now
    for _ in range(settings.outbox_max_attempts + 2):
        later += timedelta(minutes=10)
        mail.drain(session_factory, settings, clock=lambda at=later: at)
    [row] = queued(session_factory)
    assert row.failed_at is None and row.attempts == settings.outbox_max_attempts + 3

    with smtp_server(smtp_port) as (inbox, _):
        early = mail.drain(session_factory, settings, clock=lambda: later)
        assert early.sent == 0  # its back-off has not passed yet
        result = mail.drain(session_factory, settings, clock=lambda: later + timedelta(minutes=10))
        assert result.sent == 1
        assert (
            mail.drain(session_factory, settings, clock=lambda: later + timedelta(hours=1)).sent
            == 0
        )
        [message] = inbox.to(publisher.user["email"])
        assert "预期目标缺少量化指标" in text_of(message)
        assert len(inbox.messages) == 1
    [row] = queued(session_factory)
    assert row.sent_at is not None


def test_a_message_the_server_refuses_is_set_aside_after_the_last_attempt_the_rest_go(
    client: TestClient, session_factory: sessionmaker[Session], settings: Settings, inbox: Inbox
) -> None:
    settings.outbox_max_attempts = 2
    refused, _ = returned_demand(client, session_factory)
    accepted, _ = returned_demand(client, session_factory)
    inbox.refuse.add(refused.user["email"])
    now = utcnow()
    first = mail.drain(session_factory, settings, clock=lambda: now)
    assert (first.sent, first.deferred, first.refused) == (1, 1, 0)
    assert len(inbox.to(accepted.user["email"])) == 1
    later = now + timedelta(minutes=10)
    second = mail.drain(session_factory, settings, clock=lambda: later)
    assert (second.sent, second.deferred, second.refused) == (0, 0, 1)
    rows = {r.to_address: r for r in queued(session_factory)}
    kept = rows[refused.user["email"]]
    assert kept.failed_at is not None and kept.sent_at is None and "550" in (kept.last_error or "")
    assert mail.drain(session_factory, settings, clock=lambda: later + timedelta(hours=1)).sent == 0


def test_the_mail_thread_sends_after_the_commit_that_queued_it(
    client: TestClient, session_factory: sessionmaker[Session], settings: Settings, inbox: Inbox
) -> None:
    worker = MailWorker(session_factory, settings, poll_seconds=30)
    worker.start()
    try:
        publisher, _ = returned_demand(client, session_factory)
        # woken by the commit, long before its 30 s poll
        assert inbox.wait_for(1, timeout=15), "the mail thread did not send"
    finally:
        worker.stop()
    assert subject_of(inbox.to(publisher.user["email"])[0]) == "【场景汇】需求被退回"
    with session_factory() as session:
        assert session.scalar(select(func.count()).where(MailMessage.sent_at.is_(None))) == 0
