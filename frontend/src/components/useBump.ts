import { useState } from "react";

/** A counter and its bump: a key that re-reads something (the history) after an action that does not change the object's version. */
export function useBump(): [number, () => void] {
  const [n, setN] = useState(0);
  return [n, () => setN((x) => x + 1)];
}
