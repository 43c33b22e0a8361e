import { useSearchParams } from "react-router-dom";
import { PageTitle } from "../../components/PageTitle";
import { CollapsibleFilters } from "../../components/search/CollapsibleFilters";
import { EmptySearch } from "../../components/search/EmptySearch";
import { SearchBox } from "../../components/search/SearchBox";
import { SearchResults, effectiveSort } from "../../components/search/SearchResults";
import { useAsync } from "../../components/useAsync";
import { useI18n } from "../../locales";
import { DemandCard } from "./components/DemandCard";
import { Facets } from "./components/Facets";
import { SORTS, paramsFromQuery, queryFromParams, searchDemands, type DemandQuery } from "./service";

/** Published demands: search on the matcher (Chinese or English) with facets, sorting and the
 * found words marked; the query lives in the URL. */
export default function DemandSearchPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const query = queryFromParams(params);
  const key = paramsFromQuery(query).toString();
  const state = useAsync(() => searchDemands(query), key);

  const update = (patch: Partial<DemandQuery>) => setParams(paramsFromQuery({ ...query, ...patch }));
  const active = [query.field, query.industry, query.region, query.scenario_tier, query.trl_max, query.budget_min].filter((v) => v !== undefined && v !== "").length;
  const clearFilters = () => setParams(paramsFromQuery({ q: query.q, sort: query.sort }));
  const { sort, offered } = effectiveSort(query.sort, SORTS, query.q);

  return (
    <>
      <PageTitle>{t("demand.search.title")}</PageTitle>
      <SearchBox value={query.q} placeholder={t("demand.search.placeholder")} onSearch={(q) => update({ q, page: 1 })} />
      <div className="search-layout">
        <CollapsibleFilters active={active}>
          <Facets query={query} facets={state.data?.facets ?? {}} onChange={update} onReset={() => setParams(new URLSearchParams())} />
        </CollapsibleFilters>
        <SearchResults
          state={state}
          sort={sort}
          sorts={offered}
          sortLabel={(s) => t(`demand.sort.${s}` as const)}
          onSort={(s) => update({ sort: s, page: 1 })}
          onPage={(page) => update({ page })}
          found={(total) => t("demand.search.results", { total })}
          nearest={t("demand.search.nearest", { q: query.q ?? "" })}
          nearestHint={t("demand.search.nearestHint")}
          empty={
            <EmptySearch
              filtered={active > 0}
              q={query.q}
              filteredText={t("demand.noResults")}
              plainText={t("demand.noResultsPlain")}
              onClearFilters={clearFilters}
              onBrowseAll={() => setParams(new URLSearchParams())}
            />
          }
        >
          {(d, highlight) => <DemandCard key={d.id} demand={d} highlight={highlight} />}
        </SearchResults>
      </div>
    </>
  );
}
