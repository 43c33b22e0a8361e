from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from backend.audit.service import record
from backend.auth import repository
from backend.auth.models import User
from backend.auth.schemas import RegisterIn
from backend.auth.security import hash_password, verify_password
from backend.config import Settings
from backend.errors import AppError, conflict
from backend.organizations import repository as orgs
from backend.organizations import service as organizations


def register(session: Session, *, data: RegisterIn) -> User:
    """A new account. The first registrant of a credit code administers the organization;
    anyone registering with a code or a name already known waits as a pending member."""
    if repository.by_email(session, data.email) is not None:
        raise conflict("auth.email_taken", "该邮箱已注册", "This e-mail is already registered")
    org, founded = organizations.join_or_found(session, data=data.organization)
    user = User(
        email=data.email.lower(),
        password_hash=hash_password(data.password),
        display_name=data.display_name,
        organization_id=org.id,
        roles=[r.value for r in data.roles],
        membership="active" if founded else "pending",
        is_org_admin=founded,
    )
    user.organization = org
    session.add(user)
    session.flush()
    record(session, object_type="user", object_id=user.id, action="register", actor_id=user.id)
    if not founded:
        record(
            session,
            object_type="organization",
            object_id=org.id,
            action="request_membership",
            actor_id=user.id,
            to_state="pending",
            details={"user_id": user.id},
        )
    return user


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    display_name: str,
    roles: list[str],
    organization_name: str,
    region: str | None = None,
) -> User:
    if repository.by_email(session, email) is not None:
        raise conflict("auth.email_taken", "该邮箱已注册", "This e-mail is already registered")
    org = orgs.get_or_create(session, name=organization_name, kind="政府部门", region=region)
    user = User(
        email=email.lower(),
        password_hash=hash_password(password),
        display_name=display_name,
        organization_id=org.id,
        roles=roles,
        region=region,
    )
    user.organization = org
    session.add(user)
    session.flush()
    record(session, object_type="user", object_id=user.id, action="create", actor_id=None)
    return user


class LoginRejected(AppError):
    pass


def authenticate(
    session: Session, *, email: str, password: str, address: str, settings: Settings
) -> User:
    """The user, or LoginRejected. A failure is recorded; the caller must keep that row."""
    now = datetime.now(UTC)
    since = now - timedelta(seconds=settings.login_window_seconds)
    too_many = (
        repository.failures_since(session, email=email, address=None, since=since)
        >= settings.login_max_failures
        or repository.failures_since(session, email=None, address=address, since=since)
        >= settings.login_max_failures * 4
    )
    if too_many:
        raise LoginRejected(
            "auth.rate_limited",
            "登录失败次数过多，请稍后再试",
            "Too many failed logins; try again later",
            429,
        )
    user = repository.by_email(session, email)
    if (
        user is None
        or user.deleted_at is not None
        or not verify_password(user.password_hash, password)
    ):
        repository.add_failure(session, email=email, address=address, at=now)
        raise LoginRejected(
            "auth.bad_credentials", "邮箱或密码不正确", "Wrong e-mail or password", 401
        )
    repository.clear_failures(session, email=email)
    user.last_login_at = now
    return user
