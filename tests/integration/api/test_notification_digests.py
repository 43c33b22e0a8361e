"""Digests: each provider gets the newly published demands that fit its solutions, each
publisher the new candidates for its demands, each item with the matcher's explanation, once."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from backend.cli import app as cli
from backend.config import Settings
from backend.db.session import transaction
from backend.matches.service import Candidate, refresh_from_matcher
from backend.notifications import digests, mail
from tests.conftest import BOTH_DATABASES
from tests.fixtures.api import Actor, demand_body, register, solution_body, staff
from tests.fixtures.smtp import Inbox, text_of
from tests.integration.api.test_notification_mail import (  # noqa: F401 (fixtures)
    BASE,
    inbox,
    settings,
    smtp_port,
    subject_of,
)
from tests.integration.cli.conftest import cli_database


def publish_and_rank(
    factory: sessionmaker[Session],
    publisher: Actor,
    official: Actor,
    title: str,
    fits: list[tuple[Actor, int, float]],
) -> int:
    demand = publisher.post("/api/v1/demands", demand_body(title=title)).json()
    publisher.post(f"/api/v1/demands/{demand['id']}/submit")
    assert official.post(f"/api/v1/demands/{demand['id']}/publish").status_code == 200
    with transaction(factory) as session:  # what the index worker does once it indexed it
        refresh_from_matcher(
            session,
            candidates=[
                Candidate(
                    demand["id"],
                    solution_id,
                    provider.user["organization"]["id"],
                    score,
                    {"dense": score},
                    f"领域一致：新型储能（{title}）",
                    "Same field: energy storage",
                )
                for provider, solution_id, score in fits
            ],
            stale_demand_id=demand["id"],
        )
    return int(demand["id"])


@BOTH_DATABASES
def test_digests_carry_fitting_demands_and_new_candidates_with_explanations_and_never_repeat(
    client: TestClient,
    session_factory: sessionmaker[Session],
    settings: Settings,  # noqa: F811
    inbox: Inbox,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    database_url: str,
    smtp_port: int,  # noqa: F811
) -> None:
    publisher = register(client, ["publisher"])
    daily = register(client, ["provider"], org_name="东南大学储能安全实验室")
    weekly = register(client, ["provider"], org_name="南京储能检测技术有限公司")
    official = staff(client, session_factory, "official")
    s1 = daily.post("/api/v1/solutions", solution_body()).json()["id"]
    s2 = weekly.post("/api/v1/solutions", solution_body(title="储能电站声学监测")).json()["id"]
    r = weekly.client.put(
        "/api/v1/notifications/preferences",
        json={"digest_period": "weekly"},
        headers=weekly.headers,
    )
    assert r.status_code == 200

    publish_and_rank(
        session_factory,
        publisher,
        official,
        "储能电站热失控预警",
        [(daily, s1, 0.8), (weekly, s2, 0.7)],
    )
    mail.drain(session_factory, settings)
    # fitting demands and candidates wait for the digest; "published" went at once
    assert [subject_of(m) for m in inbox.messages] == ["【场景汇】需求已发布"]
    assert inbox.to(daily.user["email"]) == []

    run = digests.send_digests(session_factory, settings, period="daily")
    assert (run.users, run.items) == (2, 3)  # the daily provider (1) and the publisher (2)
    mail.drain(session_factory, settings)
    [to_daily] = inbox.to(daily.user["email"])
    assert subject_of(to_daily) == "【场景汇】每日摘要：1 条新消息"
    text = text_of(to_daily)
    assert "储能电站热失控预警" in text and "领域一致：新型储能（储能电站热失控预警）" in text
    assert "匹配度 80%" in text and f"{BASE}/workspace/matches/" in text
    assert "不再接收摘要邮件" in text
    [to_publisher] = inbox.to(publisher.user["email"])[1:]
    assert "东南大学储能安全实验室" in text_of(to_publisher)
    assert "南京储能检测技术有限公司" in text_of(to_publisher)
    assert inbox.to(weekly.user["email"]) == []  # weekly: not in the daily run

    again = digests.send_digests(session_factory, settings, period="daily")
    assert (again.users, again.items) == (0, 0)  # nothing twice
    publish_and_rank(
        session_factory,
        publisher,
        official,
        "光伏电站热斑巡检",
        [(daily, s1, 0.9), (weekly, s2, 0.6)],
    )
    # the publisher no longer wants candidates by e-mail: what waits is not sent either
    r = publisher.client.put(
        "/api/v1/notifications/preferences",
        json={"kinds": [{"kind": "candidate_found", "email": "never"}]},
        headers=publisher.headers,
    )
    assert r.status_code == 200
    mail.drain(session_factory, settings)
    to_publisher_before = len(inbox.to(publisher.user["email"]))
    digests.send_digests(session_factory, settings, period="daily")
    mail.drain(session_factory, settings)
    assert len(inbox.to(publisher.user["email"])) == to_publisher_before
    latest = text_of(inbox.to(daily.user["email"])[-1])
    assert "光伏电站热斑巡检" in latest and "储能电站热失控预警" not in latest

    # cron's line: `scenariohub send-digests --period weekly` queues and sends the weekly ones
    cli_database(monkeypatch, database_url, tmp_path, matcher=False)
    for name, value in {
        "SCENARIOHUB_SMTP_HOST": "127.0.0.1",
        "SCENARIOHUB_SMTP_PORT": str(smtp_port),
        "SCENARIOHUB_SMTP_TLS": "none",
        "SCENARIOHUB_BASE_URL": BASE,
    }.items():
        monkeypatch.setenv(name, value)
    from backend.config import get_settings

    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["send-digests", "--period", "weekly"])
        assert result.exit_code == 0, result.output
        again_cli = CliRunner().invoke(cli, ["send-digests", "--period", "weekly"])
        assert again_cli.exit_code == 0
    finally:
        get_settings.cache_clear()
    [to_weekly] = inbox.to(weekly.user["email"])
    assert subject_of(to_weekly) == "【场景汇】每周摘要：2 条新消息"
    weekly_text = text_of(to_weekly)
    assert "储能电站热失控预警" in weekly_text and "光伏电站热斑巡检" in weekly_text
