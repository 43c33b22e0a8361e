import { useSyncExternalStore } from "react";

/** Below this width (a phone held upright) filters fold into a drawer and tables keep their actions in view. */
export const NARROW_QUERY = "(max-width: 767.98px)";

function subscribe(onChange: () => void): () => void {
  const list = window.matchMedia(NARROW_QUERY);
  list.addEventListener("change", onChange);
  return () => list.removeEventListener("change", onChange);
}

/** Whether the window is phone-narrow now; follows rotation and resizing. */
export function useNarrow(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(NARROW_QUERY).matches,
    () => false,
  );
}
