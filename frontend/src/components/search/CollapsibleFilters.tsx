import { FilterOutlined } from "@ant-design/icons";
import { Badge, Button, Drawer } from "antd";
import { useState, type ReactNode } from "react";
import { useI18n } from "../../locales";
import { useNarrow } from "../useNarrow";

interface Props {
  /** How many filters are set, shown on the button. */
  active: number;
  children: ReactNode;
}

/**
 * A search's filters: beside the results on a wide screen; on a phone behind a 筛选 button that
 * opens them in a drawer, so the first results are on the first screen.
 */
export function CollapsibleFilters({ active, children }: Props) {
  const { t } = useI18n();
  const narrow = useNarrow();
  const [open, setOpen] = useState(false);
  if (!narrow) return <aside>{children}</aside>;
  return (
    <div>
      <Badge count={active} size="small">
        <Button icon={<FilterOutlined />} onClick={() => setOpen(true)} aria-expanded={open} aria-controls="search-filters">
          {t("search.filters")}
        </Button>
      </Badge>
      <Drawer
        id="search-filters"
        title={t("search.filters")}
        placement="bottom"
        height="80%"
        open={open}
        onClose={() => setOpen(false)}
        footer={
          <Button type="primary" block onClick={() => setOpen(false)}>
            {t("search.filters.done")}
          </Button>
        }
      >
        {children}
      </Drawer>
    </div>
  );
}
