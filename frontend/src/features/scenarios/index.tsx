import { Segmented } from "antd";
import { useSearchParams } from "react-router-dom";
import { AsyncView } from "../../components/AsyncView";
import { PageTitle } from "../../components/PageTitle";
import { useAsync } from "../../components/useAsync";
import { useI18n } from "../../locales";
import { ScenarioCard } from "./components/ScenarioCard";
import { publicScenarios } from "./service";

const STAGES = ["", "piloting", "demonstration", "replicable"] as const;

export default function ScenariosPage() {
  const { t, label } = useI18n();
  const [params, setParams] = useSearchParams();
  const stage = params.get("stage") ?? "";
  const state = useAsync(() => publicScenarios(stage || undefined), `scenarios:${stage}`);
  return (
    <>
      <PageTitle>{t("scenario.catalogue")}</PageTitle>
      <Segmented
        aria-label={t("scenario.stage")}
        style={{ marginBottom: 16 }}
        value={stage}
        onChange={(v) => setParams(v ? { stage: String(v) } : {})}
        options={STAGES.map((s) => ({ value: s, label: s ? label("scenario.stage", s) : t("common.unlimited") }))}
      />
      <AsyncView {...state} isEmpty={(l) => l.length === 0} empty={t("scenario.none")}>
        {(list) => (
          <div className="grid-cards">
            {list.map((s) => (
              <ScenarioCard key={s.id} scenario={s} />
            ))}
          </div>
        )}
      </AsyncView>
    </>
  );
}
