import { Link } from "react-router-dom";

/** An organization's name as a link to its profile page (机构主页). */
export function OrgLink({ org }: { org: { id: number; name: string } | null | undefined }) {
  if (!org) return <>—</>;
  // underlined: it often sits inside a line of text, where colour alone would not tell it apart
  return (
    <Link to={`/organizations/${org.id}`} style={{ textDecoration: "underline" }}>
      {org.name}
    </Link>
  );
}
