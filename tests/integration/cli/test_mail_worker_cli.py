"""`scenariohub worker` sends the mail outbox, also where the matcher is switched off."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from backend.cli import app
from backend.config import get_settings
from backend.db.base import utcnow
from backend.db.session import transaction
from backend.notifications import mail
from backend.notifications.models import MailMessage
from tests.fixtures.smtp import smtp_server, text_of
from tests.integration.cli.conftest import cli_database


def test_worker_once_sends_the_queued_mail_with_the_matcher_off(
    monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path
) -> None:
    factory = cli_database(monkeypatch, database_url, tmp_path, matcher=False)
    with transaction(factory) as session:
        session.add(
            mail.compose(
                user_id=None,
                to_address="someone@example.cn",
                kind="demand_returned",
                subject="【场景汇】需求被退回",
                greeting="您好：",
                items=[mail.Item("需求被退回", "理由：缺少量化指标", "https://x.cn/workspace")],
                unsubscribe=None,
                unsubscribe_label="退订",
            )
        )
    runner = CliRunner()
    # no SMTP configured: the worker has nothing to do with the matcher off
    assert runner.invoke(app, ["worker", "--once"]).exit_code == 2
    with smtp_server() as (inbox, port):
        monkeypatch.setenv("SCENARIOHUB_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("SCENARIOHUB_SMTP_PORT", str(port))
        monkeypatch.setenv("SCENARIOHUB_SMTP_TLS", "none")
        get_settings.cache_clear()
        try:
            result = runner.invoke(app, ["worker", "--once"])
        finally:
            get_settings.cache_clear()
        assert result.exit_code == 0, result.output
        [message] = inbox.to("someone@example.cn")
        assert "缺少量化指标" in text_of(message)


def test_mail_shows_the_queue_and_puts_set_aside_messages_back(
    monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path
) -> None:
    factory = cli_database(monkeypatch, database_url, tmp_path, matcher=False)
    with transaction(factory) as session:
        for address in ("a@example.cn", "b@example.cn"):
            session.add(
                mail.compose(
                    user_id=None,
                    to_address=address,
                    kind="demand_published",
                    subject="【场景汇】需求已发布",
                    greeting="您好：",
                    items=[],
                    unsubscribe=None,
                    unsubscribe_label="退订",
                )
            )
        session.flush()
        refused = session.scalars(select(MailMessage).order_by(MailMessage.id)).first()
        assert refused is not None
        refused.failed_at, refused.attempts = utcnow(), 8
    runner = CliRunner()
    shown = runner.invoke(app, ["mail"])
    assert shown.exit_code == 0 and json.loads(shown.stdout) == {
        "waiting": 1,
        "sent": 0,
        "failed": 1,
    }
    again = runner.invoke(app, ["mail", "--retry-failed"])
    assert again.exit_code == 0
    assert json.loads(again.stdout.splitlines()[-1]) == {"waiting": 2, "sent": 0, "failed": 0}
