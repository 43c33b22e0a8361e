import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, call, tokenStore } from "../../api/client";
import { onUnauthorized } from "../../api/errors";
import type { Role, UserRead } from "../../api/types";
import { clearLocalDrafts } from "../../components/localDrafts";

interface AuthValue {
  user: UserRead | null;
  /** True until the stored token has been checked with /auth/me. */
  checking: boolean;
  login: (email: string, password: string) => Promise<UserRead>;
  logout: () => void;
  /** Re-read the user (membership, organization) after something changed on the server. */
  refresh: () => Promise<void>;
  hasRole: (...roles: Role[]) => boolean;
}

const AuthContext = createContext<AuthValue | null>(null);

export async function fetchToken(email: string, password: string): Promise<string> {
  const out = await call(
    api.POST("/api/v1/auth/token", {
      body: { username: email, password, scope: "" },
      bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    }),
  );
  return out.access_token;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<UserRead | null>(null);
  const [checking, setChecking] = useState(() => tokenStore.get() !== null);

  useEffect(() => {
    if (!tokenStore.get()) return;
    call(api.GET("/api/v1/auth/me")).then(
      (me) => {
        setUser(me);
        setChecking(false);
      },
      () => {
        tokenStore.clear();
        setChecking(false);
      },
    );
  }, []);

  useEffect(
    () =>
      onUnauthorized(() => {
        tokenStore.clear();
        setUser(null);
      }),
    [],
  );

  const login = useCallback(async (email: string, password: string) => {
    const token = await fetchToken(email, password);
    tokenStore.set(token);
    const me = await call(api.GET("/api/v1/auth/me"));
    setUser(me);
    return me;
  }, []);

  const refresh = useCallback(async () => {
    if (!tokenStore.get()) return;
    try {
      setUser(await call(api.GET("/api/v1/auth/me")));
    } catch {
      // a rejected token signs out through onUnauthorized; anything else keeps what we had
    }
  }, []);

  const logout = useCallback(() => {
    tokenStore.clear();
    clearLocalDrafts();
    setUser(null);
  }, []);

  const hasRole = useCallback(
    (...roles: Role[]) => {
      if (!user) return false;
      return roles.some((r) => user.roles.includes(r) || (r === "official" && user.roles.includes("admin")));
    },
    [user],
  );

  const value = useMemo(() => ({ user, checking, login, logout, refresh, hasRole }), [user, checking, login, logout, refresh, hasRole]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth outside AuthProvider");
  return value;
}
