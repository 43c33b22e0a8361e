import { describe, expect, it } from "vitest";
import { isValidUscc, usccCheckChar } from "../features/auth/uscc";
import { formatDate, formatNumber, formatWan, formatWanRange } from "./format";

describe("Chinese conventions", () => {
  it("formats dates, numbers and 万元", () => {
    expect(formatDate("2026-03-08T10:00:00", "zh-CN")).toBe("2026年3月8日");
    expect(formatDate(null, "zh-CN")).toBe("—");
    expect(formatNumber(12345.678, "zh-CN", 1)).toBe("12,345.7");
    expect(formatWan(1200, "zh-CN")).toBe("1,200 万元");
    expect(formatWanRange(50, 200, "zh-CN")).toBe("50–200 万元");
    expect(formatWanRange(50, null, "zh-CN")).toBe("≥ 50 万元");
    expect(formatWanRange(null, null, "zh-CN")).toBe("面议");
  });
});

describe("统一社会信用代码", () => {
  it("accepts a code with the right check digit and refuses others", () => {
    const body = "91320000MA1ABCDE0";
    const code = body + usccCheckChar(body);
    expect(isValidUscc(code)).toBe(true);
    expect(isValidUscc(code.toLowerCase())).toBe(true);
    const wrong = body + (code.endsWith("0") ? "1" : "0");
    expect(isValidUscc(wrong)).toBe(false);
    expect(isValidUscc("123")).toBe(false);
    expect(isValidUscc("91320000MA1ABCDEI" + "0")).toBe(false); // I is not in the charset
  });
});
