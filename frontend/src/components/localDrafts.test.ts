import { describe, expect, it } from "vitest";
import { demandDraftKey } from "../features/publisher/components/localDraft";
import { clearLocalDrafts } from "./localDrafts";

describe("clearLocalDrafts", () => {
  it("removes every form's unsaved copy at sign-out and leaves the rest (the language) alone", () => {
    localStorage.setItem(demandDraftKey(), "{}");
    localStorage.setItem(demandDraftKey({ id: 3, version: 2 }), "{}");
    localStorage.setItem("scenariohub.lang", "en-US");
    clearLocalDrafts();
    expect(localStorage.getItem(demandDraftKey())).toBeNull();
    expect(localStorage.getItem(demandDraftKey({ id: 3, version: 2 }))).toBeNull();
    expect(localStorage.getItem("scenariohub.lang")).toBe("en-US");
  });
});
