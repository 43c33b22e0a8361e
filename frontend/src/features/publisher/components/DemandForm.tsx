import { Alert, Button, DatePicker, Form, Input, InputNumber, List, Select, Space, Typography } from "antd";
import dayjs from "dayjs";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { Link } from "react-router-dom";
import type { DemandCreate, DemandRead, SimilarDemand } from "../../../api/types";
import { useTaxonomy, useTermOptions } from "../../../app/TaxonomyContext";
import { applyServerErrors } from "../../../components/formErrors";
import { useNotify } from "../../../components/useNotify";
import { useI18n } from "../../../locales";
import { fromDemand, toBody, type DemandFormValues } from "./demandFormValues";
import { clearDraft, readDraft, writeDraft } from "./localDraft";
import { RequiredSelect } from "../../../components/RequiredSelect";

export type SaveMode = "draft" | "submit";

interface Props {
  initial?: DemandRead;
  /** Saves the demand (and submits it when mode is "submit"); rejects with an ApiError. */
  save: (body: DemandCreate, mode: SaveMode) => Promise<unknown>;
  /** Near-duplicate search while typing. */
  findSimilar: (text: string) => Promise<SimilarDemand[]>;
  /** Where unsaved input is kept (localStorage, see localDraft.ts), so a reload loses nothing. */
  draftKey?: string;
  debounceMs?: number;
}

const SIMILAR_MIN_CHARS = 6;

/**
 * Enter in a one-line field must not save and leave the page half-filled: the form has no submit
 * button, and Enter in an input is stopped here once the field itself (a tag list, a date) has
 * used it. A textarea keeps its new line; the buttons act on Enter as buttons do.
 */
function holdEnter(e: KeyboardEvent<HTMLFormElement>) {
  if (e.key === "Enter" && e.target instanceof HTMLInputElement) e.preventDefault();
}

/** The demand form: server messages at their fields, input kept on failure and across reloads, duplicate warning. */
export function DemandForm({ initial, save, findSimilar, draftKey, debounceMs = 500 }: Props) {
  const { t } = useI18n();
  const taxonomy = useTaxonomy();
  const termOptions = useTermOptions();
  const notify = useNotify();
  const [form] = Form.useForm<DemandFormValues>();
  const [busy, setBusy] = useState<SaveMode | null>(null);
  const [leftovers, setLeftovers] = useState<string[]>([]);
  const [similar, setSimilar] = useState<SimilarDemand[]>([]);
  const [checking, setChecking] = useState(false);
  const [restored, setRestored] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastText = useRef("");

  useEffect(() => {
    if (initial) form.setFieldsValue(fromDemand(initial));
    const copy = draftKey ? readDraft(draftKey) : null;
    if (copy) form.setFieldsValue(fromDemand(copy));
    setRestored(copy !== null);
  }, [initial, draftKey, form]);

  const discard = () => {
    if (draftKey) clearDraft(draftKey);
    form.resetFields();
    if (initial) form.setFieldsValue(fromDemand(initial));
    setRestored(false);
  };

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const checkSimilar = (values: DemandFormValues) => {
    const text = `${values.title ?? ""} ${values.description ?? ""}`.trim();
    if (text === lastText.current) return;
    lastText.current = text;
    if (timer.current) clearTimeout(timer.current);
    if (text.length < SIMILAR_MIN_CHARS) {
      setSimilar([]);
      return;
    }
    timer.current = setTimeout(() => {
      setChecking(true);
      findSimilar(text)
        .then((found) => {
          if (lastText.current === text) setSimilar(found.filter((s) => s.id !== initial?.id));
        })
        .catch(() => setSimilar([])) // a hint only: never block typing on it
        .finally(() => setChecking(false));
    }, debounceMs);
  };

  const onValuesChange = (_: Partial<DemandFormValues>, all: DemandFormValues) => {
    checkSimilar(all);
    if (draftKey) writeDraft(draftKey, toBody(all));
  };

  const run = async (mode: SaveMode) => {
    let values: DemandFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return; // antd shows the messages at the fields
    }
    setBusy(mode);
    setLeftovers([]);
    try {
      await save(toBody(values), mode);
      if (draftKey) clearDraft(draftKey);
    } catch (err) {
      // the values stay in the form; the server's words go to their fields
      setLeftovers(applyServerErrors(form, err));
      notify.error(err);
    } finally {
      setBusy(null);
    }
  };

  const required = (label: string) => [{ required: true, whitespace: true, message: t("common.required", { label }) }];

  return (
    <Form form={form} layout="vertical" onValuesChange={onValuesChange} onKeyDown={holdEnter} aria-label={initial ? t("demand.form.edit") : t("demand.form.new")}>
      {restored ? (
        <Alert
          type="info"
          showIcon
          role="status"
          data-testid="draft-restored"
          style={{ marginBottom: 12 }}
          message={t("demand.form.restored")}
          action={
            <Button size="small" onClick={discard}>
              {t("demand.form.discard")}
            </Button>
          }
        />
      ) : null}
      {leftovers.length ? <Alert type="error" showIcon role="alert" message={leftovers.join("；")} style={{ marginBottom: 12 }} /> : null}
      <Form.Item name="title" label={t("demand.title")} rules={required(t("demand.title"))}>
        <Input maxLength={200} showCount />
      </Form.Item>
      <Form.Item name="description" label={t("demand.description")} rules={required(t("demand.description"))}>
        <Input.TextArea rows={6} maxLength={10000} showCount />
      </Form.Item>
      <div aria-live="polite">
        {checking ? <Typography.Text type="secondary">{t("demand.similar.checking")}</Typography.Text> : null}
        {similar.length ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            message={t("demand.similar.title")}
            description={
              <List
                size="small"
                dataSource={similar}
                renderItem={(s) => (
                  <List.Item>
                    <Link to={s.status === "published" ? `/demands/${s.id}` : `/workspace/demands/${s.id}`} target="_blank">
                      {s.title}
                    </Link>
                    <Typography.Text type="secondary">{s.explanation}</Typography.Text>
                  </List.Item>
                )}
              />
            }
          />
        ) : null}
      </div>
      <div className="grid-cards" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(220px, 1fr))", gap: "0 16px" }}>
        <Form.Item name="field" label={t("demand.field")} rules={required(t("demand.field"))}>
          <RequiredSelect showSearch optionFilterProp="label" options={termOptions(taxonomy.fields)} />
        </Form.Item>
        <Form.Item name="industry" label={t("demand.industry")} rules={required(t("demand.industry"))}>
          <RequiredSelect showSearch optionFilterProp="label" options={termOptions(taxonomy.industries)} />
        </Form.Item>
        <Form.Item name="region" label={t("demand.region")} rules={required(t("demand.region"))}>
          <RequiredSelect showSearch optionFilterProp="label" options={termOptions(taxonomy.regions)} />
        </Form.Item>
        <Form.Item name="scenario_tier" label={t("demand.scenario_tier")}>
          <Select allowClear options={termOptions(taxonomy.scenario_tiers)} />
        </Form.Item>
        <Form.Item name="budget_min_wan" label={t("demand.budget_min_wan")}>
          <InputNumber min={0} style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item
          name="budget_max_wan"
          label={t("demand.budget_max_wan")}
          dependencies={["budget_min_wan"]}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, v: number | null | undefined) => {
                const min = getFieldValue("budget_min_wan") as number | null | undefined;
                return v == null || min == null || v >= min ? Promise.resolve() : Promise.reject(new Error(t("demand.form.budgetOrder")));
              },
            }),
          ]}
        >
          <InputNumber min={0} style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="trl_required" label={t("demand.trl_required")}>
          <InputNumber min={1} max={9} precision={0} style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="cooperation_mode" label={t("demand.cooperation_mode")}>
          <Select allowClear options={termOptions(taxonomy.cooperation_modes)} />
        </Form.Item>
        <Form.Item name="deadline" label={t("demand.deadline")}>
          <DatePicker style={{ width: "100%" }} disabledDate={(d) => d.isBefore(dayjs().startOf("day"))} />
        </Form.Item>
      </div>
      <Form.Item name="keywords" label={t("demand.keywords")} extra={t("demand.keywords.hint")}>
        <Select mode="tags" open={false} tokenSeparators={[",", "，", "、"]} />
      </Form.Item>
      <Space wrap>
        <Button loading={busy === "draft"} disabled={busy !== null} onClick={() => run("draft")}>
          {t("demand.form.saveDraft")}
        </Button>
        <Button type="primary" loading={busy === "submit"} disabled={busy !== null} onClick={() => run("submit")}>
          {t("demand.form.saveAndSubmit")}
        </Button>
      </Space>
    </Form>
  );
}
