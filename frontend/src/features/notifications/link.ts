import type { NotificationRead } from "../../api/types";

// The same paths the server puts in `link`, for an answer that has none (object_type/object_id
// are the contract; `link` is a convenience).
const PATHS: Record<string, (id: number) => string> = {
  demand: (id) => `/workspace/demands/${id}`,
  match: (id) => `/workspace/matches/${id}`,
  application: (id) => `/workspace/applications/${id}`,
  scenario: (id) => `/scenarios/${id}`,
  notice: () => "/notices",
  organization: () => "/workspace/organization",
};

/** The page of a notification's object: the server's link when it is a path of this site. */
export function notificationLink(n: Pick<NotificationRead, "link" | "object_type" | "object_id">): string {
  if (n.link.startsWith("/") && !n.link.startsWith("//")) return n.link;
  return PATHS[n.object_type]?.(n.object_id) ?? "/notifications";
}
