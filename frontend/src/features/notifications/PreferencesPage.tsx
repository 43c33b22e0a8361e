import { Alert, Button, Card, Form, Radio, type RadioChangeEvent } from "antd";
import { useState } from "react";
import type { DigestPeriod, EmailChoice, NotificationPreferences } from "../../api/types";
import { AsyncView } from "../../components/AsyncView";
import { applyServerErrors } from "../../components/formErrors";
import { LinkButton } from "../../components/LinkButton";
import { PageTitle } from "../../components/PageTitle";
import { useAsync } from "../../components/useAsync";
import { useNotify } from "../../components/useNotify";
import { useI18n } from "../../locales";
import { getPreferences, updatePreferences } from "./service";

const CHOICES: EmailChoice[] = ["immediate", "digest", "never"];
const PERIODS: DigestPeriod[] = ["daily", "weekly"];

interface Values {
  digest_period: DigestPeriod;
  kinds: { email: EmailChoice }[];
}

/** 通知设置: per kind of notification, e-mail at once, in the digest, or never (in-app always). */
export default function NotificationPreferencesPage() {
  const { t, lang } = useI18n();
  const state = useAsync(getPreferences, `notification-preferences:${lang}`);
  return (
    <>
      <PageTitle text={t("notifications.preferences")} extra={<LinkButton to="/notifications">{t("notifications.back")}</LinkButton>}>
        {t("notifications.preferences")}
      </PageTitle>
      <AsyncView {...state} reload={state.reload}>
        {(prefs) => <PreferencesForm preferences={prefs} onSaved={state.setData} />}
      </AsyncView>
    </>
  );
}

function PreferencesForm({ preferences, onSaved }: { preferences: NotificationPreferences; onSaved: (p: NotificationPreferences) => void }) {
  const { t } = useI18n();
  const notify = useNotify();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [leftovers, setLeftovers] = useState<string[]>([]);

  // the server names an unknown kind at kinds.N.kind: show it at that kind's choice
  const aliases = Object.fromEntries(preferences.kinds.map((_, i) => [`kinds.${i}.kind`, ["kinds", i, "email"]]));

  const submit = async (values: Values) => {
    setBusy(true);
    setLeftovers([]);
    try {
      const saved = await updatePreferences({
        digest_period: values.digest_period,
        kinds: preferences.kinds.map((k, i) => ({ kind: k.kind, email: values.kinds[i]?.email ?? k.email })),
      });
      onSaved(saved);
      notify.success(t("common.saved"));
    } catch (err) {
      setLeftovers(applyServerErrors(form, err, aliases));
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
      aria-label={t("notifications.preferences")}
      initialValues={{ digest_period: preferences.digest_period, kinds: preferences.kinds.map((k) => ({ email: k.email })) }}
    >
      {preferences.email_enabled ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t("notifications.pref.sentTo", { email: preferences.email })} />
      ) : (
        <Alert
          type="warning"
          showIcon
          role="status"
          data-testid="email-off"
          style={{ marginBottom: 16 }}
          message={t("notifications.pref.emailOff")}
          description={t("notifications.pref.emailOffHint")}
        />
      )}
      {leftovers.length ? <Alert type="error" showIcon role="alert" message={leftovers.join("；")} style={{ marginBottom: 12 }} /> : null}
      <Card size="small" title={t("notifications.pref.digest")} style={{ marginBottom: 16 }}>
        <Form.Item name="digest_period" label={t("notifications.pref.period")} extra={t("notifications.pref.periodHint")} style={{ marginBottom: 0 }}>
          <RadioChoice
            label={t("notifications.pref.period")}
            optionType="button"
            options={PERIODS.map((p) => ({ value: p, label: t(`notifications.period.${p}`) }))}
          />
        </Form.Item>
      </Card>
      <Card size="small" title={t("notifications.pref.kinds")} extra={t("notifications.pref.inAppAlways")} style={{ marginBottom: 16 }}>
        {preferences.kinds.map((k, i) => (
          <Form.Item
            key={k.kind}
            name={["kinds", i, "email"]}
            label={k.title}
            extra={t("notifications.pref.default", { choice: t(`notifications.email.${k.default}`) })}
          >
            <RadioChoice label={k.title} options={CHOICES.map((c) => ({ value: c, label: t(`notifications.email.${c}`) }))} />
          </Form.Item>
        ))}
      </Card>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t("common.save")}
      </Button>
    </Form>
  );
}

interface RadioChoiceProps<T extends string> {
  label: string;
  options: { value: T; label: string }[];
  optionType?: "default" | "button";
  // given by Form.Item
  id?: string;
  value?: T;
  onChange?: (e: RadioChangeEvent) => void;
}

/** antd's radio group inside an element announced as one named radio group (antd's own is a bare div). */
function RadioChoice<T extends string>({ label, options, optionType, id, value, onChange }: RadioChoiceProps<T>) {
  return (
    <div role="radiogroup" aria-label={label} id={id}>
      <Radio.Group value={value} onChange={onChange} options={options} optionType={optionType} />
    </div>
  );
}
