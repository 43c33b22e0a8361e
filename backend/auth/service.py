from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from backend.audit.service import record
from backend.auth import repository
from backend.auth.models import User
from backend.auth.schemas import RegisterIn
from backend.auth.security import hash_password, verify_against_nobody, verify_password
from backend.config import Settings
from backend.errors import AppError, conflict
from backend.notifications import events
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
        events.membership_requested(session, member=user, organization=org)
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


def _rate_limited() -> LoginRejected:
    return LoginRejected(
        "auth.rate_limited",
        "登录失败次数过多，请稍后再试",
        "Too many failed logins; try again later",
        429,
    )


def admit_attempt(session: Session, *, email: str, address: str, settings: Settings) -> User | None:
    """Count this login attempt for its account and its address BEFORE any password is checked,
    refuse it (429) past the limit, and return the account it names (None if none). The caller
    commits at once, so the count holds whatever follows and no lock is held (SQLite's write
    lock included) while the password hash is verified."""
    now = datetime.now(UTC)
    window_start = now - timedelta(seconds=settings.login_window_seconds)
    account = repository.count_attempt(
        session, kind="account", subject=email.lower(), now=now, window_start=window_start
    )
    by_address = repository.count_attempt(
        session, kind="address", subject=address, now=now, window_start=window_start
    )
    if account > settings.login_max_failures or by_address > settings.login_max_failures * 4:
        raise _rate_limited()
    user = repository.by_email(session, email)
    return None if user is None or user.deleted_at is not None else user


def authenticate(
    session: Session, *, account: User | None, email: str, password: str, address: str
) -> User:
    """The user, or LoginRejected (401). `account` comes from `admit_attempt`, which counted
    the attempt; a success takes it back. An unknown account costs one hash check too, so
    timing does not tell it apart from a wrong password."""
    if account is None:
        verify_against_nobody(password)
        raise _bad_credentials()
    if not verify_password(account.password_hash, password):
        raise _bad_credentials()
    repository.clear_attempts(session, kind="account", subject=email.lower())
    repository.forget_attempt(session, kind="address", subject=address)
    repository.note_login(session, user_id=account.id, at=datetime.now(UTC))
    return account


def _bad_credentials() -> LoginRejected:
    return LoginRejected(
        "auth.bad_credentials", "邮箱或密码不正确", "Wrong e-mail or password", 401
    )
