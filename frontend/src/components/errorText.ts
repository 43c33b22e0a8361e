import { ApiError } from "../api/errors";
import { hasKey, type Translate } from "../locales";

/** The words a person sees for a failure: our own wording for known codes, else the server's. */
export function describeError(err: unknown, t: Translate): string {
  if (!(err instanceof ApiError)) return t("error.generic");
  const byCode = `error.${err.code}`;
  if (hasKey(byCode)) return t(byCode);
  // a body that is not ours (a proxy page, a framework default) is worded by its status
  const byStatus = `error.http.${err.status}`;
  if (err.code.startsWith("http.") && hasKey(byStatus)) return t(byStatus);
  if (err.message) return err.message;
  return t("error.generic");
}
