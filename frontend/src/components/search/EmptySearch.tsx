import { Button, Space, Typography } from "antd";
import { useI18n } from "../../locales";

interface Props {
  /** Some filter is set. */
  filtered: boolean;
  /** The words searched for, if any. */
  q?: string;
  /** What to say when filters are set ("no demands match these filters"). */
  filteredText: string;
  /** What to say when none is ("no demands yet"). */
  plainText: string;
  onClearFilters: () => void;
  /** Drops the words: everything, newest first. */
  onBrowseAll: () => void;
}

/** Nothing found: with filters set, offer to clear them; without, other words or browsing all. Never "remove filters" when there are none. */
export function EmptySearch({ filtered, q, filteredText, plainText, onClearFilters, onBrowseAll }: Props) {
  const { t } = useI18n();
  if (filtered) {
    return (
      <Space direction="vertical" data-testid="empty-search">
        <span>{filteredText}</span>
        <Button type="primary" onClick={onClearFilters}>
          {t("search.empty.clearFilters")}
        </Button>
      </Space>
    );
  }
  if (!q) return <span data-testid="empty-search">{plainText}</span>;
  return (
    <Space direction="vertical" data-testid="empty-search">
      <span>{plainText}</span>
      <Typography.Text type="secondary">{t("search.empty.otherWords")}</Typography.Text>
      <Button onClick={onBrowseAll}>{t("search.empty.browseAll")}</Button>
    </Space>
  );
}
