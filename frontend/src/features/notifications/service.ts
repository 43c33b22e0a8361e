import { api, call } from "../../api/client";
import type { NotificationPreferencesIn } from "../../api/types";

export const listNotifications = (query: { unread: boolean; page: number; page_size: number }) =>
  call(api.GET("/api/v1/notifications", { params: { query } }));

export const countUnread = () => call(api.GET("/api/v1/notifications/unread-count"));

export const markRead = (id: number) =>
  call(api.POST("/api/v1/notifications/{notification_id}/read", { params: { path: { notification_id: id } } }));

export const markAllRead = () => call(api.POST("/api/v1/notifications/read-all"));

export const getPreferences = () => call(api.GET("/api/v1/notifications/preferences"));

export const updatePreferences = (body: NotificationPreferencesIn) =>
  call(api.PUT("/api/v1/notifications/preferences", { body }));
