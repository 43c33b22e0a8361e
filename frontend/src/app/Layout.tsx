import { MenuOutlined, UserOutlined } from "@ant-design/icons";
import { LinkButton } from "../components/LinkButton";
import { Button, Drawer, Dropdown, Grid, Layout as AntLayout, Menu, Space, Typography } from "antd";
import { useState } from "react";
import { Link, Outlet, useLocation, useNavigate } from "react-router-dom";
import { useAuth } from "../features/auth/AuthContext";
import { NotificationBell } from "../features/notifications/components/NotificationBell";
import { useI18n, type MessageKey } from "../locales";
import type { Role } from "../api/types";

interface NavItem {
  path: string;
  label: MessageKey;
  roles?: Role[];
  /** Only for the administrator of the user's organization. */
  orgAdmin?: boolean;
}

const NAV: NavItem[] = [
  { path: "/", label: "nav.home" },
  { path: "/demands", label: "nav.demands" },
  { path: "/solutions", label: "nav.solutions" },
  { path: "/lists", label: "nav.lists" },
  { path: "/scenarios", label: "nav.scenarios" },
  { path: "/notices", label: "nav.notices" },
  { path: "/workspace/publisher", label: "nav.publisher", roles: ["publisher"] },
  { path: "/workspace/provider", label: "nav.provider", roles: ["provider"] },
  { path: "/workspace/official", label: "nav.official", roles: ["official"] },
  { path: "/workspace/expert", label: "nav.expert", roles: ["expert"] },
  { path: "/workspace/organization", label: "nav.organization", orgAdmin: true },
];

function selectedKey(pathname: string): string {
  const hit = [...NAV].reverse().find((n) => n.path !== "/" && pathname.startsWith(n.path));
  return hit ? hit.path : pathname === "/" ? "/" : "";
}

export function Layout() {
  const { t, lang, setLang, label } = useI18n();
  const { user, logout, hasRole } = useAuth();
  const screens = Grid.useBreakpoint();
  const location = useLocation();
  const navigate = useNavigate();
  const [drawer, setDrawer] = useState(false);
  const narrow = !screens.lg;

  const items = NAV.filter((n) => (!n.roles || hasRole(...n.roles)) && (!n.orgAdmin || user?.is_org_admin === true)).map((n) => ({
    key: n.path,
    label: (
      <Link to={n.path} onClick={() => setDrawer(false)}>
        {t(n.label)}
      </Link>
    ),
  }));
  const selected = [selectedKey(location.pathname)];

  const account = user ? (
    <Dropdown
      menu={{
        items: [
          { key: "roles", disabled: true, label: user.roles.map((r) => label("role", r)).join(lang === "en-US" ? ", " : "、") },
          { key: "org", disabled: true, label: user.membership === "pending" ? lang === "en-US" ? `${user.organization.name} (${t("membership.pending")})` : `${user.organization.name}（${t("membership.pending")}）` : user.organization.name },
          { type: "divider" },
          { key: "logout", label: t("nav.logout") },
        ],
        onClick: ({ key }) => {
          if (key === "logout") {
            logout();
            navigate("/");
          }
        },
      }}
    >
      <Button icon={<UserOutlined />} aria-label={user.display_name}>
        {narrow ? null : user.display_name}
      </Button>
    </Dropdown>
  ) : (
    <Space size={4}>
      <LinkButton to="/login" type="primary">{t("nav.login")}</LinkButton>
      {narrow ? null : (
        <LinkButton to="/register">{t("nav.register")}</LinkButton>
      )}
    </Space>
  );

  return (
    <AntLayout style={{ minHeight: "100vh" }}>
      <a className="skip-link" href="#main">
        {t("app.skip")}
      </a>
      <AntLayout.Header
        style={{ background: "#fff", borderBottom: "1px solid #e5e5e5", padding: "0 12px", display: "flex", alignItems: "center", gap: 12, position: "sticky", top: 0, zIndex: 10 }}
      >
        {narrow ? <Button icon={<MenuOutlined />} aria-label={t("nav.menu")} onClick={() => setDrawer(true)} /> : null}
        <Link to="/" style={{ display: "flex", alignItems: "baseline", gap: 8, whiteSpace: "nowrap" }}>
          <Typography.Text strong style={{ fontSize: 20, color: "#1556b8" }}>
            {t("app.name")}
          </Typography.Text>
          {screens.xxl ? <Typography.Text type="secondary">{t("app.tagline")}</Typography.Text> : null}
        </Link>
        <nav aria-label={t("nav.menu")} style={{ flex: 1, minWidth: 0 }}>
          {/* every entry shown (wrapping when the labels are long): antd's overflow menu keeps the
              entries it hides as aria-hidden items that still hold links (axe: aria-hidden-focus) */}
          {narrow ? null : (
            <Menu
              mode="horizontal"
              items={items}
              selectedKeys={selected}
              disabledOverflow
              style={{ borderBottom: "none", flexWrap: "wrap" }}
            />
          )}
        </nav>
        <Space size={8} style={{ marginLeft: "auto" }}>
          <Button
            type="text"
            aria-label={t("lang.switchName")}
            lang={lang === "zh-CN" ? "en" : "zh"}
            onClick={() => setLang(lang === "zh-CN" ? "en-US" : "zh-CN")}
          >
            {t("lang.switch")}
          </Button>
          <NotificationBell />
          {account}
        </Space>
      </AntLayout.Header>
      <Drawer open={drawer} onClose={() => setDrawer(false)} placement="left" title={t("app.name")} width={260}>
        <Menu mode="vertical" items={items} selectedKeys={selected} style={{ borderInlineEnd: "none" }} />
        {user ? null : (
          <div style={{ marginTop: 12 }} onClick={() => setDrawer(false)}>
            <LinkButton to="/register" block>
              {t("nav.register")}
            </LinkButton>
          </div>
        )}
      </Drawer>
      <AntLayout.Content id="main" tabIndex={-1}>
        <div className="page">
          <Outlet />
        </div>
      </AntLayout.Content>
      <AntLayout.Footer style={{ textAlign: "center", color: "#595959" }}>{t("app.footer")}</AntLayout.Footer>
    </AntLayout>
  );
}
