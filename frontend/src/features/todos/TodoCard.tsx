import { Card, Tag, Typography } from "antd";
import { Link } from "react-router-dom";
import type { TodoGroup } from "../../api/types";
import { useAsync } from "../../components/useAsync";
import { useI18n } from "../../locales";
import { listTodos } from "./service";

export type Workspace = "publisher" | "provider" | "official" | "expert" | "organization";

// Which of the server's to-do groups each workspace shows (the server sends only the user's own).
const GROUPS: Record<Workspace, readonly string[]> = {
  publisher: ["proposals_to_read", "candidates_to_answer", "returned_demands"],
  provider: ["candidates_to_answer"],
  official: ["precheck", "lists_to_publish", "applications_to_review", "objections_to_resolve"],
  expert: ["scores_to_give"],
  organization: ["members_to_approve"],
};

/**
 * 待办事项 at the top of a workspace: what waits for this user here, with counts and the first
 * few items. Nothing is drawn while loading, on an error, or when the server sends no group for
 * this workspace: the page below is the full list either way.
 */
export function TodoCard({ workspace }: { workspace: Workspace }) {
  const { t, lang } = useI18n();
  const { data } = useAsync(listTodos, `todos:${lang}`); // group titles come in the user's language
  const groups = (data?.groups ?? []).filter((g) => GROUPS[workspace].includes(g.key));
  if (groups.length === 0) return null;
  const total = groups.reduce((sum, g) => sum + g.count, 0);
  return (
    <Card
      size="small"
      title={t("todos.title")}
      extra={<Typography.Text type="secondary">{t("todos.total", { count: total })}</Typography.Text>}
      style={{ marginBottom: 16 }}
      data-testid="todo-card"
      role="region"
      aria-label={t("todos.title")}
    >
      <div style={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(240px, 1fr))", gap: 12 }}>
        {groups.map((g) => (
          <TodoGroupView key={g.key} group={g} />
        ))}
      </div>
    </Card>
  );
}

function TodoGroupView({ group: g }: { group: TodoGroup }) {
  const { t } = useI18n();
  return (
    <section data-testid={`todo-${g.key}`} aria-label={g.title}>
      <div style={{ display: "flex", alignItems: "center", gap: 8 }}>
        <Link to={g.link} style={{ fontWeight: 600 }}>
          {g.title}
        </Link>
        <Tag color={g.count > 0 ? "blue" : undefined} style={{ marginInlineEnd: 0 }}>
          {t("todos.count", { count: g.count })}
        </Tag>
      </div>
      {g.items.length ? (
        <ul style={{ margin: "6px 0 0", paddingInlineStart: 18 }}>
          {g.items.map((item) => (
            <li key={`${item.object_type}:${item.object_id}`}>
              <Link to={item.link}>{item.title}</Link>
            </li>
          ))}
        </ul>
      ) : null}
      {g.count > g.items.length ? (
        <Link to={g.link} style={{ fontSize: 12 }}>
          {t("todos.more", { count: g.count })}
        </Link>
      ) : null}
    </section>
  );
}
