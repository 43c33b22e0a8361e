import type { DemandCreate } from "../../../api/types";
import { LOCAL_DRAFT_PREFIX } from "../../../components/localDrafts";

const PREFIX = `${LOCAL_DRAFT_PREFIX}demand`;

/**
 * Where the demand form keeps what was typed and not yet saved (localStorage, so a reload or a
 * closed tab loses nothing): per demand and version, so a copy made against an older version is
 * never laid over a newer one; "new" for a demand not yet saved. Sign-out clears them all.
 */
export function demandDraftKey(demand?: { id: number; version: number }): string {
  return demand ? `${PREFIX}.${demand.id}.v${demand.version}` : `${PREFIX}.new`;
}

/** Copies kept for other versions of this demand: they no longer apply. */
export function dropStaleDrafts(demand: { id: number; version: number }): void {
  const keep = demandDraftKey(demand);
  const prefix = `${PREFIX}.${demand.id}.`;
  const stale: string[] = [];
  for (let i = 0; i < localStorage.length; i += 1) {
    const key = localStorage.key(i);
    if (key?.startsWith(prefix) && key !== keep) stale.push(key);
  }
  stale.forEach((key) => localStorage.removeItem(key));
}

export function readDraft(key: string): DemandCreate | null {
  const stored = localStorage.getItem(key);
  if (!stored) return null;
  try {
    return JSON.parse(stored) as DemandCreate;
  } catch {
    localStorage.removeItem(key);
    return null;
  }
}

export function writeDraft(key: string, body: DemandCreate): void {
  try {
    localStorage.setItem(key, JSON.stringify(body));
  } catch {
    // storage full or disabled: the form still works, only the copy is lost
  }
}

export function clearDraft(key: string): void {
  localStorage.removeItem(key);
}
