import { Alert, Input, Pagination, Select, Space, Typography } from "antd";
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { AsyncView } from "../../components/AsyncView";
import { PageTitle } from "../../components/PageTitle";
import { useAsync } from "../../components/useAsync";
import { useI18n } from "../../locales";
import { DemandCard } from "./components/DemandCard";
import { Facets } from "./components/Facets";
import { SORTS, paramsFromQuery, queryFromParams, searchDemands, type DemandQuery, type DemandSort } from "./service";

/** Published demands: search on the matcher (Chinese or English) with facets, sorting and the
 * found words marked; the query lives in the URL. */
export default function DemandSearchPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const query = queryFromParams(params);
  const key = paramsFromQuery(query).toString();
  const state = useAsync(() => searchDemands(query), key);
  const [text, setText] = useState(query.q ?? "");
  useEffect(() => setText(query.q ?? ""), [query.q]);

  const update = (patch: Partial<DemandQuery>) => setParams(paramsFromQuery({ ...query, ...patch }));
  const filtered = Boolean(query.field || query.industry || query.region || query.scenario_tier || query.trl_max || query.budget_min);
  // relevance needs a query; without one the server lists the newest first
  const sorts = SORTS.filter((s) => s !== "relevance" || query.q);
  const sort: DemandSort = query.sort && sorts.includes(query.sort) ? query.sort : query.q ? "relevance" : "newest";

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
          <AsyncView
            {...state}
            reload={state.reload}
            isEmpty={(p) => p.items.length === 0}
            empty={t(filtered ? "demand.noResults" : "demand.noResultsPlain")}
          >
            {(page) => (
              <>
                <Space style={{ width: "100%", justifyContent: "space-between", marginBottom: 8 }} wrap>
                  <Typography.Text type="secondary">
                    {page.nearest ? t("demand.search.nearest", { q: query.q ?? "" }) : t("demand.search.results", { total: page.total })}
                  </Typography.Text>
                  <Select<DemandSort>
                    aria-label={t("demand.search.sort")}
                    value={sort}
                    style={{ minWidth: 140 }}
                    onChange={(value) => update({ sort: value, page: 1 })}
                    options={sorts.map((s) => ({ value: s, label: t(`demand.sort.${s}` as const) }))}
                  />
                </Space>
                {page.nearest ? <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t("demand.search.nearestHint")} /> : null}
                {page.items.map((d) => (
                  <DemandCard key={d.id} demand={d} highlight={page.highlights?.[String(d.id)]} />
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
