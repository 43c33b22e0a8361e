import { describe, expect, it } from "vitest";
import { describeError } from "../components/errorText";
import { translator } from "../locales";
import { ApiError, toApiError } from "./errors";

const zh = translator("zh-CN");

describe("the HTTP error policy", () => {
  it("reads the API's error body", () => {
    const err = toApiError(409, { code: "demand.illegal_transition", message: "当前状态不能提交", current_state: "published" });
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe("demand.illegal_transition");
    expect(err.currentState).toBe("published");
    expect(describeError(err, zh)).toBe("当前状态不能提交");
  });

  it("keeps field errors and drops malformed ones", () => {
    const err = toApiError(422, { code: "validation_error", message: "x", errors: [{ field: "title", message: "标题不能为空" }, { nonsense: 1 }] });
    expect(err.fieldErrors).toEqual([{ field: "title", message: "标题不能为空" }]);
    expect(describeError(err, zh)).toBe("提交的内容有误，请按提示修改");
  });

  it("words unknown bodies by status, and network failures", () => {
    expect(describeError(toApiError(500, "<html>"), zh)).toBe("服务器出错，请稍后重试");
    expect(describeError(toApiError(404, { detail: "Not Found" }), zh)).toBe("请求的内容不存在");
    expect(describeError(toApiError(418, { detail: "teapot" }), zh)).toBe("teapot");
    expect(describeError(new ApiError(0, { code: "network", message: "Failed to fetch" }), zh)).toBe("无法连接服务器，请检查网络后重试");
    expect(describeError(new Error("boom"), zh)).toBe("操作失败，请稍后重试");
  });

  it("maps a known code to our own words in either language", () => {
    const stale = toApiError(409, { code: "concurrency.stale_version", message: "server words" });
    expect(describeError(stale, zh)).toMatch(/已被他人修改/);
    expect(describeError(stale, translator("en-US"))).toMatch(/changed this record/);
  });
});
