import type { NextAction } from "./types";

/**
 * Whether the server offers `action` to the current user on an object.
 *
 * `next_actions` is decided by the back end's access policy (state, ownership, region, review
 * stage), so a page shows a button exactly when its action is offered and never decides by role.
 */
export function offers(object: { next_actions?: NextAction[] | null } | null | undefined, action: string): boolean {
  return (object?.next_actions ?? []).some((a) => a.action === action);
}
