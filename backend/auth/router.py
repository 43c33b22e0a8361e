from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm

from backend.api.deps import CurrentUser, OfficialUser, SessionDep, SettingsDep, client_address
from backend.auth import repository, service
from backend.auth.schemas import ExpertRead, RegisterIn, TokenOut, UserRead
from backend.auth.security import issue_token

router = APIRouter(tags=["auth"])


@router.post("/auth/register", response_model=UserRead, status_code=201, operation_id="register")
def register(data: RegisterIn, session: SessionDep) -> UserRead:
    user = service.register(session, data=data)
    return UserRead.model_validate(user)


@router.post("/auth/token", response_model=TokenOut, operation_id="login")
def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
) -> TokenOut:
    address = client_address(request)
    try:
        account = service.admit_attempt(
            session, email=form.username, address=address, settings=settings
        )
    except service.LoginRejected:
        session.commit()  # a refused attempt still counts
        raise
    # committed before the hash check: the count survives a failure, and no lock is held while
    # the password is verified (a write transaction on SQLite holds the database lock)
    session.commit()
    user = service.authenticate(
        session, account=account, email=form.username, password=form.password, address=address
    )
    token = issue_token(user_id=user.id, secret=settings.secret_key, minutes=settings.token_minutes)
    return TokenOut(access_token=token, expires_in=settings.token_minutes * 60)


@router.get("/auth/me", response_model=UserRead, operation_id="me")
def me(user: CurrentUser) -> UserRead:
    return UserRead.model_validate(user)


@router.get("/experts", response_model=list[ExpertRead], operation_id="listExperts")
def list_experts(session: SessionDep, _: OfficialUser) -> list[ExpertRead]:
    return [ExpertRead.model_validate(u) for u in repository.with_role(session, "expert")]
