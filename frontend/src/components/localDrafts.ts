/** Unsaved input a form keeps in localStorage lives under this prefix, per person. */
export const LOCAL_DRAFT_PREFIX = "scenariohub.draft.";

/** On sign-out: the next person at this browser must not find someone else's unsaved text. */
export function clearLocalDrafts(): void {
  const keys: string[] = [];
  for (let i = 0; i < localStorage.length; i += 1) {
    const key = localStorage.key(i);
    if (key?.startsWith(LOCAL_DRAFT_PREFIX)) keys.push(key);
  }
  keys.forEach((key) => localStorage.removeItem(key));
}
