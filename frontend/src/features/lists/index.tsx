import "../../components/print.css";
import { AsyncView } from "../../components/AsyncView";
import { PageTitle } from "../../components/PageTitle";
import { useAsync } from "../../components/useAsync";
import { useI18n } from "../../locales";
import { ListCard } from "./components/ListCard";
import { publicLists } from "./service";

export default function ListsPage() {
  const { t } = useI18n();
  const state = useAsync(publicLists, "public-lists");
  return (
    <div className="printable-document">
      <PageTitle>{t("lists.title")}</PageTitle>
      <AsyncView {...state} isEmpty={(l) => l.length === 0} empty={t("lists.none")}>
        {(lists) => lists.map((l) => <ListCard key={l.id} list={l} />)}
      </AsyncView>
    </div>
  );
}
