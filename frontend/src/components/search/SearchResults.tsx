import { Alert, Pagination, Select, Space, Typography } from "antd";
import type { ReactNode } from "react";
import type { FacetCount } from "../../api/types";
import { useI18n } from "../../locales";
import { AsyncView } from "../AsyncView";
import type { AsyncState } from "../useAsync";

/** What every public search answers: a page of results, ranked or sorted, with facets. */
export interface SearchAnswer<T extends { id: number }> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
  facets: Record<string, FacetCount[]>;
  nearest?: boolean;
  highlights?: Record<string, string[]>;
}

interface Props<P extends SearchAnswer<{ id: number }>, S extends string> {
  state: Omit<AsyncState<P>, "setData">;
  sort: S;
  sorts: readonly S[];
  sortLabel: (sort: S) => string;
  onSort: (sort: S) => void;
  onPage: (page: number) => void;
  /** "N found" */
  found: (total: number) => string;
  /** Shown instead when nothing fitted and the results are only the nearest. */
  nearest: string;
  nearestHint: string;
  empty: ReactNode;
  children: (item: P["items"][number], highlight: string[] | undefined) => ReactNode;
}

/** The result column of a search page: the count (or the nearest notice), the order, the
 * results with the found words, the pages; loading, error and empty states as everywhere. */
export function SearchResults<P extends SearchAnswer<{ id: number }>, S extends string>(props: Props<P, S>) {
  const { state, sort, sorts, sortLabel, onSort, onPage, found, nearest, nearestHint, empty, children } = props;
  const { t } = useI18n();
  return (
    <section aria-live="polite">
      <AsyncView {...state} isEmpty={(p) => p.items.length === 0} empty={empty}>
        {(page) => (
          <>
            <Space style={{ width: "100%", justifyContent: "space-between", marginBottom: 8 }} wrap>
              <Typography.Text type="secondary">{page.nearest ? nearest : found(page.total)}</Typography.Text>
              <Select<S>
                aria-label={t("demand.search.sort")}
                value={sort}
                style={{ minWidth: 140 }}
                onChange={onSort}
                options={sorts.map((s) => ({ value: s, label: sortLabel(s) }))}
              />
            </Space>
            {page.nearest ? <Alert type="info" showIcon style={{ marginBottom: 12 }} message={nearestHint} /> : null}
            {page.items.map((item) => children(item, page.highlights?.[String(item.id)]))}
            <Pagination
              current={page.page}
              pageSize={page.page_size}
              total={page.total}
              showSizeChanger={false}
              onChange={onPage}
              showTotal={(total) => t("common.total", { total })}
            />
          </>
        )}
      </AsyncView>
    </section>
  );
}

/** The order a page shows: the asked one when offered, else relevance with a query, newest without. */
export function effectiveSort<S extends string>(asked: S | undefined, sorts: readonly S[], q: string | undefined): { sort: S; offered: S[] } {
  // relevance needs a query; without one the server lists the newest first
  const offered = sorts.filter((s) => s !== "relevance" || q);
  const fallback = (q ? "relevance" : "newest") as S;
  return { sort: asked && offered.includes(asked) ? asked : fallback, offered };
}
