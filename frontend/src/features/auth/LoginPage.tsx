import { Alert, Button, Card, Form, Input } from "antd";
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import type { UserRead } from "../../api/types";
import { describeError } from "../../components/errorText";
import { PageTitle } from "../../components/PageTitle";
import { useI18n } from "../../locales";
import { useAuth } from "./AuthContext";

/** Where a user lands after logging in: the page they came from, else their workspace. */
export function homeFor(user: UserRead): string {
  const roles = user.roles;
  if (roles.includes("official") || roles.includes("admin")) return "/workspace/official";
  if (roles.includes("expert")) return "/workspace/expert";
  if (roles.includes("publisher")) return "/workspace/publisher";
  if (roles.includes("provider")) return "/workspace/provider";
  return "/";
}

export default function LoginPage() {
  const { t } = useI18n();
  const { login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: { email: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const user = await login(values.email.trim(), values.password);
      const next = params.get("next");
      navigate(next && next.startsWith("/") && !next.startsWith("//") ? next : homeFor(user), { replace: true });
    } catch (err) {
      setError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card style={{ maxWidth: 420, margin: "24px auto" }}>
      <PageTitle>{t("auth.login.title")}</PageTitle>
      {error ? <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 16 }} /> : null}
      <Form layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="email" label={t("auth.email")} rules={[{ required: true, message: t("common.required", { label: t("auth.email") }) }]}>
          <Input type="email" autoComplete="username" />
        </Form.Item>
        <Form.Item name="password" label={t("auth.password")} rules={[{ required: true, message: t("common.required", { label: t("auth.password") }) }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t("auth.login")}
        </Button>
      </Form>
      <div style={{ marginTop: 16 }}>
        <Link to="/register">{t("auth.noAccount")}</Link>
      </div>
    </Card>
  );
}
