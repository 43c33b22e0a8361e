import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./generated/schema";
import { ApiError, networkError, notifyUnauthorized, toApiError } from "./errors";

const TOKEN_KEY = "scenariohub.token";
const LANG_KEY = "scenariohub.lang";

export const tokenStore = {
  get: (): string | null => localStorage.getItem(TOKEN_KEY),
  set: (token: string): void => localStorage.setItem(TOKEN_KEY, token),
  clear: (): void => localStorage.removeItem(TOKEN_KEY),
};

export function currentLanguage(): "zh-CN" | "en-US" {
  return localStorage.getItem(LANG_KEY) === "en-US" ? "en-US" : "zh-CN";
}

export function storeLanguage(lang: "zh-CN" | "en-US"): void {
  localStorage.setItem(LANG_KEY, lang);
}

export function authHeaders(): Record<string, string> {
  const token = tokenStore.get();
  const headers: Record<string, string> = {
    "Accept-Language": currentLanguage() === "en-US" ? "en-US,en;q=0.8" : "zh-CN,zh;q=0.9",
  };
  if (token) headers.Authorization = `Bearer ${token}`;
  return headers;
}

const authMiddleware: Middleware = {
  onRequest({ request }) {
    for (const [name, value] of Object.entries(authHeaders())) request.headers.set(name, value);
    return request;
  },
};

// An absolute base keeps URL parsing working under jsdom; in the browser it is the page's origin.
const baseUrl = typeof window !== "undefined" ? window.location.origin : "";

export const api = createClient<paths>({ baseUrl });
api.use(authMiddleware);

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Await an openapi-fetch call and return its data, or throw an ApiError (the one policy). */
export async function call<T>(request: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await request;
  } catch (cause) {
    throw networkError(cause);
  }
  const { data, error, response } = result;
  if (!response.ok) {
    const err = toApiError(response.status, error);
    if (response.status === 401) notifyUnauthorized(err);
    throw err;
  }
  return data as T;
}

/** `If-Match` for the optimistic-lock version of a record. */
export function ifMatch(version: number): { "if-match": string } {
  return { "if-match": `"${version}"` };
}

/** The name a Content-Disposition gives: the exact UTF-8 `filename*` before the ASCII `filename` (RFC 6266). */
export function filenameOf(disposition: string): string | undefined {
  const exact = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (exact) {
    try {
      return decodeURIComponent(exact[1].trim());
    } catch {
      // a malformed escape: fall back to the plain name
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : undefined;
}

/** Download a file the API renders (XLSX/CSV exports, attachments), with the user's token. */
export async function download(path: string, fallbackName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(path, { headers: authHeaders() });
  } catch (cause) {
    throw networkError(cause);
  }
  if (!response.ok) {
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    const err = toApiError(response.status, body);
    if (response.status === 401) notifyUnauthorized(err);
    throw err;
  }
  const name = filenameOf(response.headers.get("Content-Disposition") ?? "") ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export { ApiError };
