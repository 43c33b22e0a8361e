import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../api/errors";
import { renderWithApp } from "../../test/render";
import { preferencesFixture } from "./fixtures";
import NotificationPreferencesPage from "./PreferencesPage";
import { getPreferences, updatePreferences } from "./service";

vi.mock("./service", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./service")>()),
  getPreferences: vi.fn(),
  updatePreferences: vi.fn(),
}));

const get = vi.mocked(getPreferences);
const put = vi.mocked(updatePreferences);

describe("NotificationPreferencesPage", () => {
  beforeEach(() => {
    get.mockReset();
    put.mockReset();
  });

  it("sends every kind's choice and the digest period", async () => {
    get.mockResolvedValue(preferencesFixture());
    put.mockImplementation(async (body) => preferencesFixture({ digest_period: body.digest_period ?? "daily" }));
    renderWithApp(<NotificationPreferencesPage />, { route: "/notifications/preferences" });
    expect(await screen.findByText("邮件将发送至 zhang@e2e.cn")).toBeInTheDocument();
    expect(screen.queryByTestId("email-off")).not.toBeInTheDocument();

    const returned = screen.getByRole("radiogroup", { name: "需求被退回" });
    expect(within(returned).getByRole("radio", { name: "立即发邮件" })).toBeChecked();
    await userEvent.click(within(returned).getByRole("radio", { name: "不发邮件" }));
    const period = screen.getByRole("radiogroup", { name: "摘要周期" });
    await userEvent.click(within(period).getByText("每周")); // a button-style radio: its label takes the click
    expect(within(period).getByRole("radio", { name: "每周" })).toBeChecked();
    await userEvent.click(screen.getByRole("button", { name: /保\s*存/ }));

    await waitFor(() =>
      expect(put).toHaveBeenCalledWith({
        digest_period: "weekly",
        kinds: [
          { kind: "demand_fits", email: "digest" },
          { kind: "demand_returned", email: "never" },
        ],
      }),
    );
    expect(await screen.findByText("已保存")).toBeInTheDocument();
  });

  it("says e-mail is off on this server, and still saves", async () => {
    get.mockResolvedValue(preferencesFixture({ email_enabled: false }));
    put.mockResolvedValue(preferencesFixture({ email_enabled: false }));
    renderWithApp(<NotificationPreferencesPage />, { route: "/notifications/preferences" });
    const notice = await screen.findByTestId("email-off");
    expect(notice).toHaveTextContent("本平台暂未开启邮件发送");
    expect(notice).toHaveTextContent("您的选择仍会保存");
    expect(screen.queryByText(/邮件将发送至/)).not.toBeInTheDocument();
    const save = screen.getByRole("button", { name: /保\s*存/ });
    expect(save).toBeEnabled();
    await userEvent.click(save);
    await waitFor(() => expect(put).toHaveBeenCalledTimes(1));
  });

  it("shows a 422 at the kind it concerns", async () => {
    get.mockResolvedValue(preferencesFixture());
    put.mockRejectedValue(
      new ApiError(422, {
        code: "validation_error",
        message: "提交的内容有误",
        errors: [{ field: "kinds.1.kind", message: "没有「demand_returned」这种通知" }],
      }),
    );
    renderWithApp(<NotificationPreferencesPage />, { route: "/notifications/preferences" });
    await userEvent.click(await screen.findByRole("button", { name: /保\s*存/ }));
    const field = (await screen.findByText("没有「demand_returned」这种通知")).closest(".ant-form-item");
    expect(field).not.toBeNull();
    expect(within(field as HTMLElement).getByRole("radiogroup", { name: "需求被退回" })).toBeInTheDocument();
  });
});
