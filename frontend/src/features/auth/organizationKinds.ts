import type { OrganizationKind } from "../../api/types";

/** The kinds of organization a registrant or an administrator may choose. */
export const ORGANIZATION_KINDS: OrganizationKind[] = ["企业", "高校", "科研院所", "其他"];
