import { Link } from "react-router-dom";

/** An organization's name as a link to its profile page (机构主页). */
export function OrgLink({ org }: { org: { id: number; name: string } | null | undefined }) {
  if (!org) return <>—</>;
  return <Link to={`/organizations/${org.id}`}>{org.name}</Link>;
}
