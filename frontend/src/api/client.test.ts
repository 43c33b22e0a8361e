import { describe, expect, it } from "vitest";
import { filenameOf } from "./client";

describe("filenameOf", () => {
  it("takes the exact UTF-8 name before the ASCII fallback, as RFC 6266 asks", () => {
    const header = `attachment; filename="attachment.pdf"; filename*=UTF-8''%E6%A3%80%E6%B5%8B%E6%96%B9%E6%A1%88.pdf`;
    expect(filenameOf(header)).toBe("检测方案.pdf");
  });

  it("falls back to the plain name, and to nothing without one", () => {
    expect(filenameOf('attachment; filename="需求清单.xlsx"')).toBe("需求清单.xlsx");
    expect(filenameOf("attachment; filename=list.csv")).toBe("list.csv");
    expect(filenameOf("attachment; filename=\"a.pdf\"; filename*=UTF-8''%E0%A4")).toBe("a.pdf");
    expect(filenameOf("inline")).toBeUndefined();
  });
});
