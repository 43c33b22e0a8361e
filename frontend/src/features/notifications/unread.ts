import { useEffect, useRef, useSyncExternalStore } from "react";
import { useLocation } from "react-router-dom";
import { countUnread } from "./service";

// The unread count is one value for the whole tab: the bell polls it, and the notifications page
// sets it from every answer it gets (each page of the inbox carries it), so the two never disagree.
let unread: number | null = null;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function setUnread(value: number | null): void {
  if (value === unread) return;
  unread = value;
  listeners.forEach((l) => l());
}

/** One notification was read here: the bell counts down at once, without asking the server. */
export function countDown(): void {
  if (unread !== null && unread > 0) setUnread(unread - 1);
}

/** The unread count, or null before the first answer. */
export function useUnread(): number | null {
  return useSyncExternalStore(subscribe, () => unread);
}

/** How often the bell asks while the tab is visible. */
export const POLL_MS = 60_000;
/** Navigations closer together than this share one answer (a burst of clicks asks once). */
const NAVIGATION_GAP_MS = 3_000;

/**
 * Keep the unread count fresh for the signed-in user: on sign-in, on each navigation (at most once
 * per NAVIGATION_GAP_MS), every POLL_MS while the tab is visible, and when a tab hidden for longer
 * than that becomes visible again. One request at a time; a failed one keeps the last count.
 */
export function useUnreadPolling(userId: number | null): void {
  const location = useLocation();
  const lastAsked = useRef(0);
  const inFlight = useRef(false);
  const currentUser = useRef(userId);
  currentUser.current = userId;

  const ask = useRef((minGap: number) => {
    const user = currentUser.current;
    if (user === null || inFlight.current || Date.now() - lastAsked.current < minGap) return;
    inFlight.current = true;
    lastAsked.current = Date.now();
    countUnread().then(
      (answer) => {
        inFlight.current = false;
        if (currentUser.current === user) setUnread(answer.unread);
      },
      () => {
        inFlight.current = false;
      },
    );
  }).current;

  // a new user (or signing out) starts from nothing, and asks at once
  useEffect(() => {
    setUnread(null);
    lastAsked.current = 0;
    if (userId !== null) ask(0);
  }, [userId, ask]);

  useEffect(() => {
    ask(NAVIGATION_GAP_MS);
  }, [location.pathname, location.search, ask]);

  useEffect(() => {
    if (userId === null) return;
    const visible = () => document.visibilityState === "visible";
    const timer = window.setInterval(() => {
      if (visible()) ask(POLL_MS / 2);
    }, POLL_MS);
    const onVisibility = () => {
      if (visible()) ask(POLL_MS);
    };
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [userId, ask]);
}
