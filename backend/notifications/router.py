from __future__ import annotations

import html
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from backend.api.deps import CurrentUser, SessionDep, SettingsDep
from backend.api.params import IdPath, PageParam, PageSizeParam
from backend.notifications import service, todos
from backend.notifications.schemas import (
    MarkedAll,
    NotificationPage,
    NotificationRead,
    Preferences,
    PreferencesIn,
    Todos,
    UnreadCount,
)

router = APIRouter(tags=["notifications"])


@router.get("/notifications", response_model=NotificationPage, operation_id="listNotifications")
def list_notifications(
    session: SessionDep,
    user: CurrentUser,
    unread: bool = False,
    page: PageParam = 1,
    page_size: PageSizeParam = 20,
) -> NotificationPage:
    """My notifications, newest first (`unread=true`: only the unread); `unread` in the answer
    is the unread count whatever the filter."""
    return service.inbox(session, user=user, unread=unread, page=page, page_size=page_size)


@router.get(
    "/notifications/unread-count",
    response_model=UnreadCount,
    operation_id="countUnreadNotifications",
)
def unread_count(session: SessionDep, user: CurrentUser) -> UnreadCount:
    return UnreadCount(unread=service.unread_count(session, user=user))


@router.post(
    "/notifications/read-all", response_model=MarkedAll, operation_id="markAllNotificationsRead"
)
def read_all(session: SessionDep, user: CurrentUser) -> MarkedAll:
    return service.mark_all_read(session, user=user)


@router.post(
    "/notifications/{notification_id}/read",
    response_model=NotificationRead,
    operation_id="markNotificationRead",
)
def read_one(notification_id: IdPath, session: SessionDep, user: CurrentUser) -> NotificationRead:
    """Only the recipient: anyone else's notification answers 404."""
    row = service.mark_read(session, notification_id=notification_id, user=user)
    return service.to_read(row)


@router.get(
    "/notifications/preferences",
    response_model=Preferences,
    operation_id="getNotificationPreferences",
)
def get_preferences(session: SessionDep, user: CurrentUser) -> Preferences:
    return service.preferences(session, user=user)


@router.put(
    "/notifications/preferences",
    response_model=Preferences,
    operation_id="updateNotificationPreferences",
)
def put_preferences(data: PreferencesIn, session: SessionDep, user: CurrentUser) -> Preferences:
    """Per kind: e-mail immediately, in the digest, or never (in-app always); only the kinds
    sent change."""
    return service.update_preferences(session, user=user, data=data)


_PAGE = (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>场景汇</title></head>'
    "<body><p>{text}</p></body></html>"
)


@router.get(
    "/notifications/unsubscribe",
    response_class=HTMLResponse,
    operation_id="confirmUnsubscribe",
)
def confirm_unsubscribe(token: Annotated[str, Query(max_length=2000)]) -> HTMLResponse:
    """The link in every e-mail (no login) shows a button; nothing changes on a GET (mail
    scanners open links)."""
    form = (
        f'<form method="post" action="?token={html.escape(token)}">'
        '<button type="submit">确认退订</button></form>'
    )
    return HTMLResponse(_PAGE.format(text="确认不再接收这类邮件？站内通知照常。" + form))


@router.post(
    "/notifications/unsubscribe",
    response_class=HTMLResponse,
    operation_id="unsubscribeNotifications",
)
def unsubscribe(session: SessionDep, token: Annotated[str, Query(max_length=2000)]) -> HTMLResponse:
    """The confirmation (or a mail client's one-click List-Unsubscribe-Post): that kind is no
    longer e-mailed."""
    title = service.unsubscribe(session, token=token)
    if title is None:
        return HTMLResponse(_PAGE.format(text="退订链接无效或已失效。"), status_code=400)
    return HTMLResponse(
        _PAGE.format(text=f"已退订：今后不再通过邮件发送「{html.escape(title)}」，站内通知照常。")
    )


@router.get("/todos", response_model=Todos, operation_id="listTodos")
def list_todos(session: SessionDep, user: CurrentUser, settings: SettingsDep) -> Todos:
    """What waits for my action, by role, with counts."""
    return todos.todos(session, user=user, settings=settings)
