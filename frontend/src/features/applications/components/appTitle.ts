import type { ApplicationRead } from "../../../api/types";

/** An application is named after its pairing: demand × solution. */
export function applicationTitle(a: ApplicationRead): string {
  const m = a.match;
  if (!m) return `#${a.id}`;
  return m.solution ? `${m.demand.title} × ${m.solution.title}` : `${m.demand.title} × ${m.provider.name}`;
}
