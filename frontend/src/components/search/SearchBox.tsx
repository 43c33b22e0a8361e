import { Input } from "antd";
import { useEffect, useState } from "react";
import { useI18n } from "../../locales";

/** The big search box of a public search page; `value` is the query the page shows now. */
export function SearchBox({ value, placeholder, onSearch }: { value?: string; placeholder: string; onSearch: (q: string | undefined) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState(value ?? "");
  useEffect(() => setText(value ?? ""), [value]);
  return (
    <form role="search" onSubmit={(e) => e.preventDefault()} style={{ marginBottom: 16 }}>
      <Input.Search
        aria-label={t("common.search")}
        placeholder={placeholder}
        enterButton={t("common.search")}
        size="large"
        allowClear
        value={text}
        onChange={(e) => setText(e.target.value)}
        onSearch={(q) => onSearch(q.trim() || undefined)}
      />
    </form>
  );
}
