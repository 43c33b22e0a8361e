import { useSearchParams } from "react-router-dom";
import { useTaxonomy } from "../../app/TaxonomyContext";
import { PageTitle } from "../../components/PageTitle";
import { FacetFilters } from "../../components/search/FacetFilters";
import { CollapsibleFilters } from "../../components/search/CollapsibleFilters";
import { EmptySearch } from "../../components/search/EmptySearch";
import { SearchBox } from "../../components/search/SearchBox";
import { SearchResults, effectiveSort } from "../../components/search/SearchResults";
import { useAsync } from "../../components/useAsync";
import { useI18n } from "../../locales";
import { useAuth } from "../auth/AuthContext";
import { SolutionCard } from "./components/SolutionCard";
import { SORTS, paramsFromQuery, queryFromParams, searchSolutions, type SolutionQuery } from "./service";

/** The solution catalogue (技术供给清单): search on the matcher with facets, sorting and the found
 * words marked; the query lives in the URL. */
export default function SolutionSearchPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const taxonomy = useTaxonomy();
  const [params, setParams] = useSearchParams();
  const query = queryFromParams(params);
  // logged-in readers also find the solutions listed for members: ask again when the person changes
  const key = `${paramsFromQuery(query).toString()}:${user?.id ?? "anonymous"}`;
  const state = useAsync(() => searchSolutions(query), key);

  const update = (patch: Partial<SolutionQuery>) => setParams(paramsFromQuery({ ...query, ...patch }));
  const active = [query.field, query.industry, query.region, query.trl_min, query.price_max].filter((v) => v !== undefined && v !== "").length;
  const clearFilters = () => setParams(paramsFromQuery({ q: query.q, sort: query.sort }));
  const { sort, offered } = effectiveSort(query.sort, SORTS, query.q);

  return (
    <>
      <PageTitle>{t("solution.search.title")}</PageTitle>
      <SearchBox value={query.q} placeholder={t("solution.search.placeholder")} onSearch={(q) => update({ q, page: 1 })} />
      <div className="search-layout">
        <CollapsibleFilters active={active}>
          <FacetFilters
            selects={[
              { name: "field", label: t("solution.fields"), vocabulary: taxonomy.fields },
              { name: "industry", label: t("solution.industries"), vocabulary: taxonomy.industries },
              { name: "region", label: t("solution.regions_served"), vocabulary: taxonomy.regions },
            ]}
            numbers={[
              { name: "trl_min", label: t("solution.trl_min"), min: 1, max: 9 },
              { name: "price_max", label: t("solution.price_max"), min: 0 },
            ]}
            values={query}
            facets={state.data?.facets ?? {}}
            onChange={update}
            onReset={() => setParams(new URLSearchParams())}
          />
        </CollapsibleFilters>
        <SearchResults
          state={state}
          sort={sort}
          sorts={offered}
          sortLabel={(s) => t(`solution.sort.${s}` as const)}
          onSort={(s) => update({ sort: s, page: 1 })}
          onPage={(page) => update({ page })}
          found={(total) => t("solution.search.results", { total })}
          nearest={t("solution.search.nearest", { q: query.q ?? "" })}
          nearestHint={t("solution.search.nearestHint")}
          empty={
            <EmptySearch
              filtered={active > 0}
              q={query.q}
              filteredText={t("solution.noResults")}
              plainText={t("solution.noResultsPlain")}
              onClearFilters={clearFilters}
              onBrowseAll={() => setParams(new URLSearchParams())}
            />
          }
        >
          {(s, highlight) => <SolutionCard key={s.id} solution={s} highlight={highlight} />}
        </SearchResults>
      </div>
    </>
  );
}
