"""Request-scoped dependencies: one session (one transaction) per request, the current user, roles."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session

from backend.auth.models import User
from backend.auth.repository import by_id
from backend.auth.security import read_token
from backend.common.workflow import Role, holds_any
from backend.config import IPNetwork, Settings
from backend.errors import AppError, forbidden

if TYPE_CHECKING:
    from backend.indexing.runtime import MatcherRuntime

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    # a GET only reads: on SQLite it never takes (nor waits for) the write lock
    read_only = request.method in ("GET", "HEAD", "OPTIONS")
    bind = request.app.state.read_engine if read_only else request.app.state.engine
    session: Session = request.app.state.session_factory(bind=bind)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def get_matcher(request: Request) -> MatcherRuntime | None:
    """The process's matcher, or None where it is switched off (SCENARIOHUB_MATCHER=false)."""
    runtime: MatcherRuntime | None = request.app.state.matcher
    return runtime


# "function": the commit runs before the answer is sent, so a failing commit (a unique violation
# only the database saw) becomes the answer instead of following a 2xx already on the wire
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
MatcherDep = Annotated["MatcherRuntime | None", Depends(get_matcher)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def _unauthenticated() -> AppError:
    return AppError("auth.unauthenticated", "请先登录", "Please log in", 401)


def get_optional_user(
    session: SessionDep, settings: SettingsDep, token: Annotated[str | None, Depends(oauth2)]
) -> User | None:
    if not token:
        return None
    user_id = read_token(token, settings.secret_key)  # None unless a sane id: never a 500
    user = by_id(session, user_id) if user_id is not None else None
    if user is None:
        raise _unauthenticated()
    return user


def get_current_user(user: Annotated[User | None, Depends(get_optional_user)]) -> User:
    if user is None:
        raise _unauthenticated()
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]
OptionalUser = Annotated[User | None, Depends(get_optional_user)]


def require_roles(*roles: Role) -> Callable[[User], User]:
    """A dependency that lets through only users holding one of `roles` (admin counts as official)."""
    allowed = frozenset(roles)

    def _check(user: CurrentUser) -> User:
        if not holds_any(user.roles, allowed):
            raise forbidden()
        return user

    _check.allowed_roles = allowed  # type: ignore[attr-defined]
    return _check


PublisherUser = Annotated[User, Depends(require_roles(Role.PUBLISHER))]
ProviderUser = Annotated[User, Depends(require_roles(Role.PROVIDER))]
MarketUser = Annotated[User, Depends(require_roles(Role.PUBLISHER, Role.PROVIDER))]
OfficialUser = Annotated[User, Depends(require_roles(Role.OFFICIAL))]
ExpertUser = Annotated[User, Depends(require_roles(Role.EXPERT))]


def client_address(request: Request) -> str:
    """The caller's address. X-Forwarded-For is believed only when the direct peer is one of
    SCENARIOHUB_TRUSTED_PROXIES, and then only up to the first hop that is not a trusted proxy."""
    peer = request.client.host if request.client else "unknown"
    settings: Settings = request.app.state.settings
    trusted = settings.trusted_proxy_networks
    if not trusted or not _is_in(peer, trusted):
        return peer
    hops = [h.strip() for h in ",".join(request.headers.getlist("x-forwarded-for")).split(",")]
    for hop in reversed([h for h in hops if h]):
        if not _is_ip(hop):
            break  # a forged or garbled entry: trust stops here
        if not _is_in(hop, trusted):
            return hop
        peer = hop
    return peer


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _is_in(address: str, networks: tuple[IPNetwork, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)
