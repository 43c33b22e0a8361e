import { Alert, Button, Form, Input, Select } from "antd";
import { useState } from "react";
import type { OrganizationKind, OrganizationRead } from "../../../api/types";
import { useTaxonomy, useTermOptions } from "../../../app/TaxonomyContext";
import { applyServerErrors } from "../../../components/formErrors";
import { useNotify } from "../../../components/useNotify";
import { useI18n } from "../../../locales";
import { ORGANIZATION_KINDS } from "../../auth/organizationKinds";

interface Values {
  name: string;
  kind?: OrganizationKind;
  region?: string | null;
}

/** The administrator's form for the organization's details (the credit code is fixed). */
export function OrganizationForm({ organization, onSave }: { organization: OrganizationRead; onSave: (values: Values) => Promise<unknown> }) {
  const { t, label } = useI18n();
  const taxonomy = useTaxonomy();
  const termOptions = useTermOptions();
  const notify = useNotify();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [leftovers, setLeftovers] = useState<string[]>([]);
  const submit = async (values: Values) => {
    setBusy(true);
    setLeftovers([]);
    try {
      await onSave({ ...values, name: values.name.trim(), region: values.region ?? null });
      notify.success(t("common.saved"));
    } catch (err) {
      setLeftovers(applyServerErrors(form, err));
      notify.error(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={submit}
      aria-label={t("organization.details")}
      initialValues={{ name: organization.name, kind: ORGANIZATION_KINDS.find((k) => k === organization.kind), region: organization.region ?? undefined }}
    >
      {leftovers.length ? <Alert type="error" showIcon message={leftovers.join("；")} style={{ marginBottom: 12 }} /> : null}
      <Form.Item name="name" label={t("auth.org.name")} rules={[{ required: true, whitespace: true, min: 2, message: t("common.required", { label: t("auth.org.name") }) }]}>
        <Input autoComplete="organization" />
      </Form.Item>
      <Form.Item label={t("auth.org.uscc")} htmlFor="organization-uscc">
        <Input id="organization-uscc" value={organization.uscc ?? "—"} disabled style={{ fontFamily: "monospace" }} />
      </Form.Item>
      <div style={{ display: "flex", gap: 12, flexWrap: "wrap" }}>
        <Form.Item name="kind" label={t("auth.org.kind")} style={{ flex: 1, minWidth: 180 }}>
          <Select options={ORGANIZATION_KINDS.map((k) => ({ value: k, label: label("auth.org.kind", k) }))} />
        </Form.Item>
        <Form.Item name="region" label={t("auth.org.region")} style={{ flex: 1, minWidth: 180 }}>
          <Select allowClear showSearch optionFilterProp="label" options={termOptions(taxonomy.regions)} />
        </Form.Item>
      </div>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t("common.save")}
      </Button>
    </Form>
  );
}
