import { describe, expect, it } from "vitest";
import { stepPath, summarise, toPoints, trendOf, valueRange } from "../src/logic/prices";

const T0 = Date.parse("2026-01-10T10:00:00+10:00");
const iso = (min: number) => new Date(T0 + min * 60_000).toISOString();
const item = (startMin: number, len: number, perKwh: number, type = "ForecastInterval") => ({
  type,
  start_time: iso(startMin),
  end_time: iso(startMin + len),
  per_kwh: perKwh,
  spike_status: perKwh > 1 ? "spike" : "none",
});

describe("toPoints", () => {
  it("reads the buy channel and skips settled intervals", () => {
    const pts = toPoints([item(-30, 30, 0.5, "ActualInterval"), item(0, 30, 0.2, "CurrentInterval"), item(30, 30, 0.3)], "per_kwh");
    expect(pts.map((p) => p.value)).toEqual([0.2, 0.3]);
  });

  it("reads feed-in earnings (positive when exporting pays), including negative ones", () => {
    const feed = [
      { type: "CurrentInterval", start_time: iso(0), end_time: iso(30), feed_in_earn: -0.05 },
      { type: "ForecastInterval", start_time: iso(30), end_time: iso(60), feed_in_earn: 0.12 },
    ];
    expect(toPoints(feed, "feed_in_earn").map((p) => p.value)).toEqual([-0.05, 0.12]);
    // The buy field is not there: nothing is read.
    expect(toPoints(feed, "per_kwh")).toEqual([]);
  });

  it("keeps the finer 5-minute items where 30-minute ones overlap", () => {
    const pts = toPoints([item(0, 5, 0.1), item(5, 5, 0.11), item(0, 30, 0.5), item(30, 30, 0.4)], "per_kwh");
    expect(pts.map((p) => [p.start, p.end, p.value])).toEqual([
      [T0, T0 + 5 * 60_000, 0.1],
      [T0 + 5 * 60_000, T0 + 10 * 60_000, 0.11],
      [T0 + 10 * 60_000, T0 + 30 * 60_000, 0.5],
      [T0 + 30 * 60_000, T0 + 60 * 60_000, 0.4],
    ]);
  });

  it("ignores malformed input", () => {
    expect(toPoints(undefined, "per_kwh")).toEqual([]);
    expect(toPoints([null, { per_kwh: "x" }, { per_kwh: 1, start_time: "bad", end_time: iso(1) }], "per_kwh")).toEqual([]);
    expect(toPoints([item(30, -10, 0.2)], "per_kwh")).toEqual([]);
  });
});

describe("summarise", () => {
  const points = toPoints([item(0, 30, 0.2, "CurrentInterval"), item(30, 30, 0.4), item(60, 300, 0.6), item(360, 60, 9)], "per_kwh");

  it("finds now, range and a rising trend within the window", () => {
    const s = summarise(points, T0 + 10 * 60_000, 6);
    expect(s.now).toBe(0.2);
    expect(s.min).toBe(0.2);
    expect(s.max).toBe(9); // starts 6 h after T0, inside a window that began 10 min later
    expect(s.trend).toBe("rising");
    expect(s.mean).toBeGreaterThan(0.4);
  });

  it("falls and flattens", () => {
    const falling = toPoints([item(0, 30, 0.5, "CurrentInterval"), item(30, 60, 0.1)], "per_kwh");
    expect(summarise(falling, T0, 6).trend).toBe("falling");
    const flat = toPoints([item(0, 30, 0.2, "CurrentInterval"), item(30, 60, 0.21)], "per_kwh");
    expect(summarise(flat, T0, 6).trend).toBe("flat");
  });

  it("handles negative prices", () => {
    const neg = toPoints([item(0, 30, -0.1, "CurrentInterval"), item(30, 30, -0.3)], "per_kwh");
    const s = summarise(neg, T0, 6);
    expect(s.now).toBe(-0.1);
    expect(s.min).toBe(-0.3);
    expect(s.trend).toBe("falling");
  });

  it("is unknown without data or when now is not covered", () => {
    expect(summarise([], T0, 6)).toMatchObject({ now: null, trend: "unknown", points: [] });
    const later = toPoints([item(120, 30, 0.3)], "per_kwh");
    expect(summarise(later, T0, 6).now).toBeNull();
    expect(trendOf(null, later, T0)).toBe("unknown");
  });
});

describe("drawing", () => {
  it("draws steps and breaks the line at gaps", () => {
    const pts = toPoints([item(0, 60, 1), item(60, 60, 0), item(180, 60, 1)], "per_kwh");
    const d = stepPath(pts, T0, T0 + 240 * 60_000, 240, 10, 0, 1);
    expect(d).toBe("M0,0L60,0L60,10L120,10M180,0L240,0");
  });

  it("ranges include zero and pad negatives", () => {
    expect(valueRange([])).toEqual([0, 1]);
    const [lo, hi] = valueRange([-0.2, 0.3]);
    expect(lo).toBeLessThan(-0.2);
    expect(hi).toBeGreaterThan(0.3);
    expect(valueRange([0.1, 0.2])[0]).toBe(0);
  });
});
