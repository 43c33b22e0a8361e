import { Alert, Button, Card, Form, Input, Select, Typography } from "antd";
import { useState } from "react";
import { offers } from "../../../api/actions";
import { AsyncView } from "../../../components/AsyncView";
import { DocumentFields, documentBody, type DocumentValues } from "../../../components/DocumentFields";
import { FormModalButton } from "../../../components/FormModalButton";
import { applyServerErrors } from "../../../components/formErrors";
import { useAsync } from "../../../components/useAsync";
import { useNotify } from "../../../components/useNotify";
import { useI18n } from "../../../locales";
import { ListCard } from "../../lists/components/ListCard";
import { allLists, createList, publishedDemands, publishList } from "../service";

function NewList({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const notify = useNotify();
  const [form] = Form.useForm<{ title: string; demand_ids: number[] }>();
  const [busy, setBusy] = useState(false);
  const [leftovers, setLeftovers] = useState<string[]>([]);
  const demands = useAsync(publishedDemands, "published-demands");
  const submit = async (v: { title: string; demand_ids: number[] }) => {
    setBusy(true);
    try {
      await createList(v.title.trim(), v.demand_ids);
      form.resetFields();
      notify.success(t("common.saved"));
      onCreated();
    } catch (err) {
      setLeftovers(applyServerErrors(form, err));
      notify.error(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t("official.list.new")} style={{ marginBottom: 16 }}>
      {leftovers.length ? <Alert type="error" showIcon message={leftovers.join("；")} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="title" label={t("official.list.title")} rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("official.list.title") }) }]}>
          <Input placeholder={t("official.list.titleHint")} />
        </Form.Item>
        <Form.Item name="demand_ids" label={t("official.list.demands")} rules={[{ required: true, type: "array", min: 1, message: t("common.required", { label: t("official.list.demands") }) }]}>
          <Select mode="multiple" loading={demands.loading} optionFilterProp="label" options={(demands.data?.items ?? []).map((d) => ({ value: d.id, label: `${d.title}（${d.organization.name}）` }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t("common.save")}
        </Button>
      </Form>
    </Card>
  );
}

/** Compile demand lists (需求清单) from published demands, publish them, export them. */
export function Lists() {
  const { t } = useI18n();
  const state = useAsync(allLists, "all-lists");
  return (
    <>
      <NewList onCreated={state.reload} />
      <AsyncView {...state} isEmpty={(l) => l.length === 0} empty={t("lists.none")}>
        {(lists) =>
          lists.map((l) => (
            <ListCard
              key={l.id}
              list={l}
              demandLink={(id) => `/workspace/demands/${id}`}
              extra={
                offers(l, "publish") ? (
                  <FormModalButton<DocumentValues>
                    label={t("official.list.publish")}
                    title={`${t("official.list.publish")}：${l.title}`}
                    primary
                    onSubmit={async (v) => {
                      await publishList(l.id, documentBody(v));
                      state.reload();
                    }}
                  >
                    <Typography.Paragraph>{t("official.list.publish.confirm")}</Typography.Paragraph>
                    <DocumentFields />
                  </FormModalButton>
                ) : null
              }
            />
          ))
        }
      </AsyncView>
    </>
  );
}
