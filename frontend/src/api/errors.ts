/**
 * The one HTTP error policy of the app.
 *
 * Every failed call becomes an `ApiError` carrying the server's stable `code`, its (already
 * localised) `message`, and per-field errors. Pages show `describeError(err)`; forms put
 * `fieldErrors` at their fields (see `components/formErrors.ts`). A 401 signs the user out.
 */
import type { components } from "./generated/schema";

export interface FieldErrorItem {
  field: string;
  loc?: string[];
  code?: string;
  message: string;
}

/** The body every non-2xx response of the API carries (see backend/errors.py). */
export interface ErrorBody {
  code: string;
  message: string;
  errors?: FieldErrorItem[];
  current_state?: string;
}

/**
 * The schema declares the same body (ErrorBody); this mapping makes tsc fail if the two drift
 * apart, e.g. when the back end renames `code` or `errors`.
 */
type WireErrorBody = components["schemas"]["ErrorBody"];
export const fromWire = (b: WireErrorBody): ErrorBody => ({
  code: b.code,
  message: b.message,
  errors: b.errors?.map((e) => ({ field: e.field, loc: e.loc, code: e.code, message: e.message })),
  current_state: b.current_state ?? undefined,
});

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fieldErrors: FieldErrorItem[];
  readonly currentState?: string;

  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.name = "ApiError";
    this.status = status;
    this.code = body.code;
    this.fieldErrors = body.errors ?? [];
    this.currentState = body.current_state;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function isFieldError(value: unknown): value is FieldErrorItem {
  return isRecord(value) && typeof value.field === "string" && typeof value.message === "string";
}

export function isErrorBody(value: unknown): value is ErrorBody {
  return isRecord(value) && typeof value.code === "string" && typeof value.message === "string";
}

/** Turn whatever a failed response carried into an ApiError (bodies we don't know included). */
export function toApiError(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) {
    const errors = Array.isArray(body.errors) ? body.errors.filter(isFieldError) : undefined;
    const currentState = typeof body.current_state === "string" ? body.current_state : undefined;
    return new ApiError(status, { ...body, errors, current_state: currentState });
  }
  // FastAPI's default {"detail": "..."} or a proxy's HTML page
  const detail = isRecord(body) && typeof body.detail === "string" ? body.detail : "";
  return new ApiError(status, { code: `http.${status}`, message: detail });
}

export function networkError(cause: unknown): ApiError {
  const message = cause instanceof Error ? cause.message : String(cause);
  return new ApiError(0, { code: "network", message });
}

type Listener = (err: ApiError) => void;
const unauthorizedListeners = new Set<Listener>();

/** The auth provider subscribes here to sign out when the token is rejected. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export function notifyUnauthorized(err: ApiError): void {
  unauthorizedListeners.forEach((l) => l(err));
}
