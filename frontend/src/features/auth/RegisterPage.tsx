import { Alert, Button, Card, Form, Input, Result, Select } from "antd";
import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { api, call } from "../../api/client";
import type { RegisterIn, Role, UserRead } from "../../api/types";
import { LinkButton } from "../../components/LinkButton";
import { useTaxonomy, useTermOptions } from "../../app/TaxonomyContext";
import { applyServerErrors } from "../../components/formErrors";
import { PageTitle } from "../../components/PageTitle";
import { useNotify } from "../../components/useNotify";
import { useI18n } from "../../locales";
import { useAuth } from "./AuthContext";
import { RoleCheckboxes } from "./components/RoleCheckboxes";
import { homeFor } from "./LoginPage";
import { ORGANIZATION_KINDS } from "./organizationKinds";
import { isValidUscc } from "./uscc";

/** Sign-up for enterprises, universities and institutes: publishers and/or providers. */
export default function RegisterPage() {
  const { t, label } = useI18n();
  const taxonomy = useTaxonomy();
  const termOptions = useTermOptions();
  const notify = useNotify();
  const { login } = useAuth();
  const navigate = useNavigate();
  const [form] = Form.useForm<RegisterIn>();
  const [busy, setBusy] = useState(false);
  const [leftovers, setLeftovers] = useState<string[]>([]);
  // set when the organization was already on the platform: the request went to its administrator
  const [joining, setJoining] = useState<UserRead | null>(null);

  const submit = async (values: RegisterIn) => {
    setBusy(true);
    setLeftovers([]);
    const body: RegisterIn = {
      ...values,
      email: values.email.trim(),
      organization: { ...values.organization, uscc: values.organization.uscc.trim().toUpperCase() },
    };
    try {
      await call(api.POST("/api/v1/auth/register", { body }));
      const user = await login(body.email, body.password);
      if (user.membership === "pending") {
        setJoining(user);
        return;
      }
      notify.success(t("auth.welcome", { name: user.display_name }));
      navigate(homeFor(user), { replace: true });
    } catch (err) {
      setLeftovers(applyServerErrors(form, err));
      notify.error(err);
    } finally {
      setBusy(false);
    }
  };

  const roleOptions: { value: Role; label: string }[] = [
    { value: "publisher", label: t("auth.roles.publisher") },
    { value: "provider", label: t("auth.roles.provider") },
  ];

  if (joining) {
    return (
      <Card style={{ maxWidth: 640, margin: "24px auto" }}>
        <Result
          status="info"
          title={<PageTitle>{t("auth.register.joinRequested")}</PageTitle>}
          subTitle={t("auth.register.joinRequested.hint", { organization: joining.organization.name })}
          extra={<LinkButton to={homeFor(joining)} type="primary">{t("auth.register.toWorkspace")}</LinkButton>}
        />
      </Card>
    );
  }

  return (
    <Card style={{ maxWidth: 640, margin: "24px auto" }}>
      <PageTitle>{t("auth.register.title")}</PageTitle>
      {leftovers.length ? <Alert type="error" showIcon message={leftovers.join("；")} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ roles: ["publisher"], organization: { kind: "企业" } }} scrollToFirstError>
        <Form.Item name="email" label={t("auth.email")} rules={[{ required: true, type: "email", message: t("common.required", { label: t("auth.email") }) }]}>
          <Input autoComplete="email" />
        </Form.Item>
        <Form.Item name="password" label={t("auth.password")} extra={t("auth.password.hint")} rules={[{ required: true, min: 8, message: t("auth.password.hint") }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="display_name" label={t("auth.display_name")} rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("auth.display_name") }) }]}>
          <Input autoComplete="name" />
        </Form.Item>
        <Form.Item name={["organization", "name"]} label={t("auth.org.name")} rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("auth.org.name") }) }]}>
          <Input autoComplete="organization" />
        </Form.Item>
        <Form.Item
          name={["organization", "uscc"]}
          label={t("auth.org.uscc")}
          rules={[
            { required: true, message: t("common.required", { label: t("auth.org.uscc") }) },
            { validator: (_, v: string | undefined) => (!v || isValidUscc(v) ? Promise.resolve() : Promise.reject(new Error(t("auth.org.uscc.invalid")))) },
          ]}
        >
          <Input maxLength={18} style={{ fontFamily: "monospace" }} />
        </Form.Item>
        <div style={{ display: "flex", gap: 12, flexWrap: "wrap" }}>
          <Form.Item name={["organization", "kind"]} label={t("auth.org.kind")} style={{ flex: 1, minWidth: 180 }}>
            <Select options={ORGANIZATION_KINDS.map((k) => ({ value: k, label: label("auth.org.kind", k) }))} />
          </Form.Item>
          <Form.Item name={["organization", "region"]} label={t("auth.org.region")} style={{ flex: 1, minWidth: 180 }}>
            <Select allowClear showSearch optionFilterProp="label" options={termOptions(taxonomy.regions)} />
          </Form.Item>
        </div>
        <Form.Item name="roles" label={t("auth.roles")} rules={[{ required: true, type: "array", min: 1, message: t("common.required", { label: t("auth.roles") }) }]}>
          <RoleCheckboxes options={roleOptions} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t("auth.register")}
        </Button>
      </Form>
      <div style={{ marginTop: 16 }}>
        <Link to="/login">{t("auth.haveAccount")}</Link>
      </div>
    </Card>
  );
}
