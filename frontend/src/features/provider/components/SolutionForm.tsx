import { Alert, Button, Form, Input, InputNumber, Radio, Select } from "antd";
import { useEffect, useState } from "react";
import type { SolutionCreate, SolutionRead, SolutionVisibility } from "../../../api/types";
import { useTaxonomy, useTermOptions } from "../../../app/TaxonomyContext";
import { applyServerErrors } from "../../../components/formErrors";
import { useNotify } from "../../../components/useNotify";
import { useI18n } from "../../../locales";

export const VISIBILITIES: readonly SolutionVisibility[] = ["public", "members"];

interface Props {
  initial?: SolutionRead;
  save: (body: SolutionCreate) => Promise<unknown>;
}

function toBody(v: SolutionCreate): SolutionCreate {
  return {
    title: (v.title ?? "").trim(),
    description: (v.description ?? "").trim(),
    fields: v.fields ?? [],
    industries: v.industries ?? [],
    trl: v.trl ?? null,
    regions_served: v.regions_served ?? [],
    price_min_wan: v.price_min_wan ?? null,
    price_max_wan: v.price_max_wan ?? null,
    keywords: v.keywords ?? [],
    ip_summary: v.ip_summary?.trim() || null,
    references: v.references?.trim() || null,
    visibility: v.visibility,
  };
}

/** A provider's standing solution offer (技术供给); server messages at their fields. */
export function SolutionForm({ initial, save }: Props) {
  const { t } = useI18n();
  const taxonomy = useTaxonomy();
  const termOptions = useTermOptions();
  const notify = useNotify();
  const [form] = Form.useForm<SolutionCreate>();
  const [busy, setBusy] = useState(false);
  const [leftovers, setLeftovers] = useState<string[]>([]);

  useEffect(() => {
    if (initial) form.setFieldsValue(initial);
  }, [initial, form]);

  const submit = async (values: SolutionCreate) => {
    setBusy(true);
    setLeftovers([]);
    try {
      await save(toBody(values));
    } catch (err) {
      setLeftovers(applyServerErrors(form, err));
      notify.error(err);
    } finally {
      setBusy(false);
    }
  };
  const required = (label: string) => [{ required: true, whitespace: true, message: t("common.required", { label }) }];
  const tags = { mode: "tags" as const, open: false, tokenSeparators: [",", "，", "、"] };

  return (
    <Form form={form} layout="vertical" onFinish={submit} aria-label={initial ? t("solution.form.edit") : t("solution.form.new")}>
      {leftovers.length ? <Alert type="error" showIcon role="alert" message={leftovers.join("；")} style={{ marginBottom: 12 }} /> : null}
      <Form.Item name="title" label={t("solution.title")} rules={required(t("solution.title"))}>
        <Input maxLength={200} showCount />
      </Form.Item>
      <Form.Item name="description" label={t("solution.description")} rules={required(t("solution.description"))}>
        <Input.TextArea rows={6} maxLength={10000} showCount />
      </Form.Item>
      <div className="grid-cards" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(220px, 1fr))", gap: "0 16px" }}>
        <Form.Item name="fields" label={t("solution.fields")}>
          <Select mode="multiple" options={termOptions(taxonomy.fields)} />
        </Form.Item>
        <Form.Item name="industries" label={t("solution.industries")}>
          <Select mode="multiple" options={termOptions(taxonomy.industries)} />
        </Form.Item>
        <Form.Item name="regions_served" label={t("solution.regions_served")}>
          <Select mode="multiple" options={termOptions(taxonomy.regions)} />
        </Form.Item>
        <Form.Item name="trl" label={t("solution.trl")}>
          <InputNumber min={1} max={9} precision={0} style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="price_min_wan" label={t("solution.price_min_wan")}>
          <InputNumber min={0} style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item
          name="price_max_wan"
          label={t("solution.price_max_wan")}
          dependencies={["price_min_wan"]}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, v: number | null | undefined) => {
                const min = getFieldValue("price_min_wan") as number | null | undefined;
                return v == null || min == null || v >= min ? Promise.resolve() : Promise.reject(new Error(t("solution.priceOrder")));
              },
            }),
          ]}
        >
          <InputNumber min={0} style={{ width: "100%" }} />
        </Form.Item>
      </div>
      <Form.Item name="keywords" label={t("solution.keywords")} extra={t("demand.keywords.hint")}>
        <Select {...tags} />
      </Form.Item>
      <Form.Item name="ip_summary" label={t("solution.ip_summary")}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="references" label={t("solution.references")}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item
        name="visibility"
        label={t("solution.visibility")}
        extra={t("solution.visibility.hint")}
        rules={[{ required: true, message: t("solution.visibility.required") }]}
      >
        <Radio.Group options={VISIBILITIES.map((v) => ({ value: v, label: t(`solution.visibility.${v}` as const) }))} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t("common.save")}
      </Button>
    </Form>
  );
}
