import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, networkError } from "../api/errors";
import { useLanguage } from "../locales";

export interface AsyncState<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
  setData: (data: T) => void;
}

/**
 * Load data for a page. `key` names what is loaded: when it changes the data is reloaded
 * (e.g. `demand:${id}` or the search query string), and when the UI language changes, since the
 * server writes explanations, notices and labels in the reader's language. Stale answers are dropped.
 */
export function useAsync<T>(load: () => Promise<T>, key: string): AsyncState<T> {
  const loadRef = useRef(load);
  loadRef.current = load;
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);
  const lang = useLanguage();

  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    loadRef.current().then(
      (value) => {
        if (!live) return;
        setData(value);
        setLoading(false);
      },
      (err: unknown) => {
        if (!live) return;
        setError(err instanceof ApiError ? err : networkError(err));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [key, nonce, lang]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}
