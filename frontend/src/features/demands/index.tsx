import { Input, Pagination, Typography } from "antd";
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { AsyncView } from "../../components/AsyncView";
import { PageTitle } from "../../components/PageTitle";
import { useAsync } from "../../components/useAsync";
import { useI18n } from "../../locales";
import { DemandCard } from "./components/DemandCard";
import { Facets } from "./components/Facets";
import { paramsFromQuery, queryFromParams, searchDemands, type DemandQuery } from "./service";

/** Published demands: full-text search (Chinese) with facets; the query lives in the URL. */
export default function DemandSearchPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const query = queryFromParams(params);
  const key = paramsFromQuery(query).toString();
  const state = useAsync(() => searchDemands(query), key);
  const [text, setText] = useState(query.q ?? "");
  useEffect(() => setText(query.q ?? ""), [query.q]);

  const update = (patch: Partial<DemandQuery>) => setParams(paramsFromQuery({ ...query, ...patch }));

  return (
    <>
      <PageTitle>{t("demand.search.title")}</PageTitle>
      <form role="search" onSubmit={(e) => e.preventDefault()} style={{ marginBottom: 16 }}>
        <Input.Search
          aria-label={t("common.search")}
          placeholder={t("demand.search.placeholder")}
          enterButton={t("common.search")}
          size="large"
          allowClear
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(q) => update({ q: q.trim() || undefined, page: 1 })}
        />
      </form>
      <div className="search-layout">
        <aside>
          <Facets query={query} facets={state.data?.facets ?? {}} onChange={update} onReset={() => setParams(new URLSearchParams())} />
        </aside>
        <section aria-live="polite">
          <AsyncView {...state} reload={state.reload} isEmpty={(p) => p.items.length === 0} empty={t("demand.noResults")}>
            {(page) => (
              <>
                <Typography.Paragraph type="secondary">{t("demand.search.results", { total: page.total })}</Typography.Paragraph>
                {page.items.map((d) => (
                  <DemandCard key={d.id} demand={d} />
                ))}
                <Pagination
                  current={page.page}
                  pageSize={page.page_size}
                  total={page.total}
                  showSizeChanger={false}
                  onChange={(p) => update({ page: p })}
                  showTotal={(total) => t("common.total", { total })}
                />
              </>
            )}
          </AsyncView>
        </section>
      </div>
    </>
  );
}
