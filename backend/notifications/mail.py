"""E-mail: composing the messages (Chinese subject, plain text and HTML, a link to the object,
an unsubscribe link), signed unsubscribe tokens, and sending the mail outbox over SMTP.

Messages are written to `mail_outbox` in the transaction that caused them and sent by the worker.
A server that cannot be reached only delays them: the batch waits 2, 4, 8 … s (the index
outbox's back-off) and is tried again, without ever being set aside. A message the server
refuses counts an attempt and is set aside after the last one (SCENARIOHUB_OUTBOX_MAX_ATTEMPTS).
"""

from __future__ import annotations

import hashlib
import hmac
import html
import logging
import os
import smtplib
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import quote

import jwt
from sqlalchemy.orm import Session, sessionmaker

from backend.config import Settings, get_settings
from backend.db.base import utcnow
from backend.indexing.outbox import backoff, describe, gives_up, max_attempts_of
from backend.notifications import repository
from backend.notifications.models import MailMessage

log = logging.getLogger(__name__)
SETTINGS_KEY = "scenariohub_settings"
SMTP_TIMEOUT = 15.0
BATCH = 50


def bind_settings(factory: sessionmaker[Session], settings: Settings) -> None:
    """Sessions of `factory` carry the app's settings (whether e-mail is on, the links' base)."""
    info = dict(factory.kw.get("info") or {})
    info[SETTINGS_KEY] = settings
    factory.configure(info=info)


def settings_of(session: Session) -> Settings:
    """The settings bound to the session's factory; the process's own otherwise (CLI)."""
    bound = session.info.get(SETTINGS_KEY)
    return bound if isinstance(bound, Settings) else get_settings()


# ---- unsubscribe tokens --------------------------------------------------------------------


def _key(secret: str) -> str:
    # a key of its own: an unsubscribe token is never a login token, nor the other way round
    return hmac.new(secret.encode(), b"scenariohub:unsubscribe", hashlib.sha256).hexdigest()


def unsubscribe_token(*, user_id: int, kind: str, secret: str) -> str:
    return jwt.encode({"uid": user_id, "kind": kind, "use": "unsubscribe"}, _key(secret), "HS256")


def read_unsubscribe(token: str, secret: str) -> tuple[int, str] | None:
    try:
        payload = jwt.decode(token, _key(secret), algorithms=["HS256"])
    except jwt.PyJWTError:
        return None
    uid, kind = payload.get("uid"), payload.get("kind")
    if payload.get("use") != "unsubscribe" or not isinstance(uid, int) or not isinstance(kind, str):
        return None
    return uid, kind


def unsubscribe_url(settings: Settings, *, user_id: int, kind: str) -> str:
    token = unsubscribe_token(user_id=user_id, kind=kind, secret=settings.secret_key)
    return f"{absolute(settings, '/api/v1/notifications/unsubscribe')}?token={quote(token)}"


def absolute(settings: Settings, path: str) -> str:
    return settings.base_url.rstrip("/") + path


# ---- composing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One thing an e-mail tells: a line of text, and the page it links to."""

    title: str
    text: str
    url: str


def compose(
    *,
    user_id: int | None,
    to_address: str,
    kind: str,
    subject: str,
    greeting: str,
    items: list[Item],
    unsubscribe: str | None,
    unsubscribe_label: str,
) -> MailMessage:
    """A mail outbox row: the same content as plain text and as HTML."""
    footer = "此邮件由场景汇平台自动发送，请勿直接回复。"
    text_parts = [greeting, ""]
    html_parts = [f"<p>{html.escape(greeting)}</p>"]
    for item in items:
        text_parts += [f"【{item.title}】", item.text, f"查看：{item.url}", ""]
        html_parts.append(
            f"<h3>{html.escape(item.title)}</h3><p>{html.escape(item.text)}</p>"
            f'<p><a href="{html.escape(item.url)}">查看详情</a></p>'
        )
    text_parts.append(footer)
    html_parts.append(f'<hr><p style="color:#888">{html.escape(footer)}')
    if unsubscribe:
        text_parts.append(f"{unsubscribe_label}：{unsubscribe}")
        html_parts.append(
            f' <a href="{html.escape(unsubscribe)}">{html.escape(unsubscribe_label)}</a>'
        )
    html_parts.append("</p>")
    page = (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{html.escape(subject)}</title></head><body>{''.join(html_parts)}</body></html>"
    )
    return MailMessage(
        user_id=user_id,
        to_address=to_address,
        kind=kind,
        subject=subject[:300],
        text="\n".join(text_parts),
        html=page,
        unsubscribe_url=unsubscribe,
    )


def as_email(message: repository.Outgoing, settings: Settings) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = message.subject
    msg["From"] = settings.mail_from
    msg["To"] = message.to_address
    msg["Message-ID"] = make_msgid(domain="scenariohub")
    if message.unsubscribe_url:
        msg["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.set_content(message.text)
    msg.add_alternative(message.html, subtype="html")
    return msg


# ---- sending -------------------------------------------------------------------------------

Connect = Callable[[Settings], smtplib.SMTP]


def connect(settings: Settings) -> smtplib.SMTP:
    """An SMTP connection as the settings ask (STARTTLS, TLS from the start, or plain)."""
    smtp: smtplib.SMTP
    if settings.smtp_tls == "ssl":
        smtp = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT)
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT)
        if settings.smtp_tls == "starttls":
            smtp.starttls()
    if settings.smtp_user:
        smtp.login(settings.smtp_user, settings.smtp_password)
    return smtp


def _refused(exc: Exception) -> bool:
    """A refusal about this message (a bad address, a 5xx answer, a message that cannot be
    written), not about the server: counts towards setting it aside."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused | smtplib.SMTPSenderRefused):
        return True
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return not isinstance(exc, smtplib.SMTPException)  # 4xx and the like: only delayed


def _owner() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class DrainResult:
    sent: int = 0
    deferred: int = 0  # the server could not be reached: tried again later
    refused: int = 0


def drain(
    factory: sessionmaker[Session],
    settings: Settings,
    *,
    clock: Callable[[], datetime] = utcnow,
    max_rows: int = 1000,
    opener: Connect = connect,
) -> DrainResult:
    """Send the due messages of the mail outbox, a batch per SMTP connection."""
    result = DrainResult()
    if not settings.mail_enabled:
        return result
    owner = _owner()
    lease = timedelta(seconds=settings.outbox_lease_seconds)
    max_attempts = max_attempts_of(settings)
    claimed = 0
    while claimed < max_rows:
        with factory() as session, session.begin():
            batch = repository.claim_mail(
                session, limit=min(BATCH, max_rows - claimed), now=clock(), owner=owner, lease=lease
            )
        if not batch:
            break
        claimed += len(batch)
        outcome: dict[int, Exception | None] = {}
        unreachable: Exception | None = None
        try:
            smtp = opener(settings)
        except Exception as exc:  # connecting, STARTTLS or logging in failed
            unreachable = exc
        else:
            try:
                for message in batch:
                    try:
                        smtp.send_message(as_email(message, settings))
                        outcome[message.id] = None
                    except smtplib.SMTPServerDisconnected as exc:
                        unreachable = exc
                        break
                    except smtplib.SMTPException as exc:  # an answer about this message
                        outcome[message.id] = exc
                    except OSError as exc:  # the connection broke (SMTPException is one too)
                        unreachable = exc
                        break
                    except Exception as exc:  # a message that cannot be written
                        outcome[message.id] = exc
            finally:
                try:
                    smtp.quit()
                except Exception:  # the connection is gone anyway
                    log.debug("SMTP quit failed", exc_info=True)
        now = clock()
        with factory() as session, session.begin():
            for row in repository.held_mail(session, [m.id for m in batch], owner=owner):
                row.claimed_by = row.claimed_until = None
                if row.id in outcome and outcome[row.id] is None:
                    row.sent_at = now
                    row.next_attempt_at = None
                    result.sent += 1
                    continue
                own = outcome.get(row.id)  # None: the server went away before this one
                error = own or unreachable
                row.attempts += 1
                row.last_error = describe(error) if error else "not sent"
                if own is not None and _refused(own) and gives_up(row.attempts, max_attempts):
                    row.failed_at = now
                    row.next_attempt_at = None
                    result.refused += 1
                    log.error("e-mail %s to %s set aside: %s", row.id, row.to_address, error)
                else:
                    row.next_attempt_at = now + backoff(row.attempts)
                    result.deferred += 1
        if unreachable is not None:
            log.warning("SMTP server unreachable, e-mail deferred: %s", unreachable)
            break
    return result
