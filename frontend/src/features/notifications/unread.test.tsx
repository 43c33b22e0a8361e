import { act, render } from "@testing-library/react";
import { useEffect } from "react";
import { MemoryRouter, useNavigate } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { countUnread } from "./service";
import { POLL_MS, useUnread, useUnreadPolling } from "./unread";

vi.mock("./service", () => ({ countUnread: vi.fn() }));
const count = vi.mocked(countUnread);

let go: (path: string) => void = () => {};
let shown: number | null = null;

function Probe({ userId }: { userId: number | null }) {
  useUnreadPolling(userId);
  shown = useUnread();
  const navigate = useNavigate();
  useEffect(() => {
    go = (path) => navigate(path);
  }, [navigate]);
  return null;
}

function setVisibility(state: "visible" | "hidden") {
  Object.defineProperty(document, "visibilityState", { configurable: true, get: () => state });
  document.dispatchEvent(new Event("visibilitychange"));
}

// Fake clocks: the test moves time itself, it never waits for it.
describe("the unread count's polling", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"] });
    count.mockReset();
    count.mockResolvedValue({ unread: 4 });
    setVisibility("visible");
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const settle = () => act(async () => {});

  it("asks once at sign-in, and navigations close together share that answer", async () => {
    render(<MemoryRouter initialEntries={["/"]}><Probe userId={7} /></MemoryRouter>);
    await settle();
    expect(count).toHaveBeenCalledTimes(1);
    expect(shown).toBe(4);
    act(() => go("/demands"));
    act(() => go("/lists"));
    await settle();
    expect(count).toHaveBeenCalledTimes(1);
    vi.setSystemTime(Date.now() + 5_000);
    act(() => go("/notices"));
    await settle();
    expect(count).toHaveBeenCalledTimes(2);
  });

  it("asks every minute while the tab is visible, not while it is hidden, and again on its return", async () => {
    render(<MemoryRouter><Probe userId={7} /></MemoryRouter>);
    await settle();
    expect(count).toHaveBeenCalledTimes(1);
    await act(async () => vi.advanceTimersByTime(POLL_MS));
    expect(count).toHaveBeenCalledTimes(2);

    setVisibility("hidden");
    await act(async () => vi.advanceTimersByTime(POLL_MS * 3));
    expect(count).toHaveBeenCalledTimes(2);

    count.mockResolvedValue({ unread: 6 });
    act(() => setVisibility("visible"));
    await settle();
    expect(count).toHaveBeenCalledTimes(3);
    expect(shown).toBe(6);
  });

  it("never asks for an anonymous visitor", async () => {
    render(<MemoryRouter><Probe userId={null} /></MemoryRouter>);
    await act(async () => vi.advanceTimersByTime(POLL_MS * 2));
    act(() => go("/demands"));
    await settle();
    expect(count).not.toHaveBeenCalled();
    expect(shown).toBeNull();
  });
});
