import { Card, List, Space, Typography } from "antd";
import { Link } from "react-router-dom";
import { StatusTag, type StatusKind } from "../../../components/StatusTag";
import { useTerm } from "../../../app/TaxonomyContext";

interface LinkItem {
  id: number;
  title: string;
  region: string;
  status: string;
}

/** Demands or scenarios a solution or an organization is tied to, each a link to its own page. */
export function LinkList({ title, items, to, kind, none }: { title: string; items: LinkItem[]; to: string; kind: StatusKind; none: string }) {
  const term = useTerm();
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{title}</h2>}>
      {items.length === 0 ? (
        <Typography.Text type="secondary">{none}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(item) => (
            <List.Item>
              <Space wrap>
                <Link to={`${to}/${item.id}`}>{item.title}</Link>
                <Typography.Text type="secondary">{term(item.region)}</Typography.Text>
                <StatusTag kind={kind} status={item.status} />
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

