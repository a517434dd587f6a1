import { describe, expect, it } from "vitest";
import {
  historySamples,
  hourTicks,
  layoutPlan,
  mergeActions,
  niceCeil,
  parseSteps,
  priceRange,
  reserveOf,
  stepAt,
  type PlanResponse,
} from "../src/logic/plan";

const NOW = Date.parse("2026-01-10T10:10:00+10:00");
const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

function plan(n: number, overrides: (i: number) => Record<string, unknown> = () => ({})): PlanResponse {
  const start = Date.parse("2026-01-10T10:00:00+10:00");
  return {
    generated_at: iso(NOW),
    mode: "auto",
    decision: "charge_grid",
    reason: "cheap",
    steps: Array.from({ length: n }, (_, i) => ({
      start: iso(start + i * 1800_000),
      end: iso(start + (i + 1) * 1800_000),
      action: i < 4 ? "charge_grid" : "self_consumption",
      power_kw: 3,
      soc: 50 + i,
      grid_kw: 1,
      cost_aud: 0.1,
      buy_price: 0.2,
      feed_in_price: 0.05,
      pv_kw: 2,
      load_kw: 1,
      reason: "r",
      ...overrides(i),
    })),
  };
}

describe("parseSteps", () => {
  it("parses, sorts and drops malformed steps", () => {
    const p = plan(3);
    p.steps!.reverse();
    p.steps!.push({ start: "nope", end: iso(NOW) }, { start: iso(NOW), end: iso(NOW - 1) });
    const steps = parseSteps(p);
    expect(steps).toHaveLength(3);
    expect(steps[0]!.start).toBeLessThan(steps[1]!.start);
    expect(steps[0]).toMatchObject({ action: "charge_grid", soc: 50, buy: 0.2, feedIn: 0.05, pv: 2, load: 1 });
  });

  it("turns missing numbers into null and a missing action into idle", () => {
    const steps = parseSteps({ steps: [{ start: iso(NOW), end: iso(NOW + H), soc: null }] });
    expect(steps[0]).toMatchObject({ action: "idle", soc: null, buy: null, pv: null });
  });

  it("accepts a missing or empty plan", () => {
    expect(parseSteps(null)).toEqual([]);
    expect(parseSteps({})).toEqual([]);
  });
});

describe("mergeActions and stepAt", () => {
  it("merges runs of one action", () => {
    const merged = mergeActions(parseSteps(plan(6)));
    expect(merged.map((b) => b.action)).toEqual(["charge_grid", "self_consumption"]);
    expect(merged[0]!.end - merged[0]!.start).toBe(2 * H);
  });

  it("finds the step under a time", () => {
    const steps = parseSteps(plan(4));
    expect(stepAt(steps, NOW)?.soc).toBe(50);
    expect(stepAt(steps, NOW + 100 * H)).toBeUndefined();
  });
});

describe("historySamples", () => {
  it("reads minimal history rows, skipping non-numbers", () => {
    const res = {
      "sensor.soc": [
        { s: "40", lu: NOW / 1000 - 3600 },
        { s: "unavailable", lu: NOW / 1000 - 1800 },
        { s: "45.5", lc: NOW / 1000 - 900 },
      ],
    };
    expect(historySamples(res, "sensor.soc")).toEqual([
      { t: NOW - H, v: 40 },
      { t: NOW - 900_000, v: 45.5 },
    ]);
    expect(historySamples(res, "sensor.other")).toEqual([]);
    expect(historySamples(null, "sensor.soc")).toEqual([]);
  });
});

describe("layoutPlan", () => {
  const empty = { soc: [], pv: [], load: [], price: [] };
  const opts = { width: 480, height: 200, hoursAhead: 24, hoursBack: 6 };

  it("puts now after the past hours and scales to the plan's end", () => {
    const l = layoutPlan(parseSteps(plan(48)), empty, NOW, opts);
    expect(l.t0).toBe(NOW - 6 * H);
    // The plan runs 24 h from 10:00; the window stops there (before now + 24 h).
    expect(l.t1).toBe(Date.parse("2026-01-11T10:00:00+10:00"));
    expect(l.nowX).toBeCloseTo((6 / (6 + 23 + 5 / 6)) * 480, 0);
    expect(l.empty).toBe(false);
  });

  it("cuts the plan at hoursAhead", () => {
    const l = layoutPlan(parseSteps(plan(96)), empty, NOW, { ...opts, hoursAhead: 12, hoursBack: 0 });
    expect(l.t1).toBe(NOW + 12 * H);
    expect(l.nowX).toBe(0);
    const last = l.actions.blocks[l.actions.blocks.length - 1]!;
    expect(last.x + last.w).toBeLessThanOrEqual(480);
  });

  it("draws action blocks from now, merged by action", () => {
    const l = layoutPlan(parseSteps(plan(8)), empty, NOW, { ...opts, hoursBack: 0 });
    expect(l.actions.blocks.map((b) => b.action)).toEqual(["charge_grid", "self_consumption"]);
    expect(l.actions.blocks[0]!.x).toBe(0);
    expect(l.actions.blocks[1]!.x).toBeCloseTo(l.actions.blocks[0]!.w, 0);
  });

  it("puts negative prices below a zero line inside the price panel", () => {
    const p = plan(8, (i) => ({ buy_price: i === 2 ? -0.15 : 0.3, feed_in_price: -0.02 }));
    const l = layoutPlan(parseSteps(p), empty, NOW, opts);
    expect(l.price.lo).toBeLessThan(-0.15);
    expect(l.price.zeroY).toBeGreaterThan(l.price.top);
    expect(l.price.zeroY).toBeLessThan(l.price.bottom);
    const ys = [...l.paths.buyPlan.matchAll(/,(-?[\d.]+)/g)].map((m) => Number(m[1]));
    expect(Math.max(...ys)).toBeGreaterThan(l.price.zeroY); // the negative step is below zero
    expect(Math.min(...ys)).toBeLessThan(l.price.zeroY);
    expect(Math.max(...ys)).toBeLessThanOrEqual(l.price.bottom);
  });

  it("joins the planned SoC to the last measured SoC at now", () => {
    const history = { ...empty, soc: [{ t: NOW - 2 * H, v: 30 }, { t: NOW - H, v: 40 }] };
    const l = layoutPlan(parseSteps(plan(4)), history, NOW, opts);
    const socY40 = l.main.bottom - 0.4 * (l.main.bottom - l.main.top);
    expect(l.paths.socPlan.startsWith(`M${l.nowX},${Math.round(socY40 * 10) / 10}`)).toBe(true);
    expect(l.paths.socPast.startsWith("M")).toBe(true);
    // The past line holds its last value up to now.
    expect(l.paths.socPast.endsWith(`L${l.nowX},${Math.round(socY40 * 10) / 10}`)).toBe(true);
  });

  it("is empty without plan or history, and never throws on missing data", () => {
    const l = layoutPlan([], empty, NOW, opts);
    expect(l.empty).toBe(true);
    expect(l.paths.socPlan).toBe("");
    expect(l.t1).toBe(NOW + H);
  });

  it("puts the reserve on the SoC scale; only a plausible reserve counts", () => {
    const l = layoutPlan(parseSteps(plan(4)), empty, NOW, { ...opts, reserve: 25 });
    const y25 = l.main.bottom - 0.25 * (l.main.bottom - l.main.top);
    expect(l.reserveY).toBe(Math.round(y25 * 10) / 10);
    expect(layoutPlan(parseSteps(plan(4)), empty, NOW, opts).reserveY).toBeNull();
    expect(reserveOf({ limits: { reserve_soc: 25 } })).toBe(25);
    for (const bad of [0, -5, 140, Number.NaN, null]) {
      expect(reserveOf({ limits: { reserve_soc: bad } })).toBeNull();
    }
    expect(reserveOf({})).toBeNull();
    expect(reserveOf(null)).toBeNull();
  });

  it("leaves gaps where a forecast value is missing", () => {
    const p = plan(6, (i) => ({ pv_kw: i === 3 ? null : 2 }));
    const l = layoutPlan(parseSteps(p), empty, NOW, opts);
    expect(l.paths.pvPlan.match(/Z/g)).toHaveLength(2);
  });
});

describe("axes", () => {
  it("rounds kW axes nicely", () => {
    expect(niceCeil(0)).toBe(1);
    expect(niceCeil(1.3)).toBe(2);
    expect(niceCeil(2.2)).toBe(2.5);
    expect(niceCeil(7)).toBe(10);
    expect(niceCeil(12)).toBe(20);
  });

  it("price range always includes zero", () => {
    expect(priceRange([])).toEqual([0, 0.108]);
    expect(priceRange([0.5])[0]).toBe(0);
    expect(priceRange([-1, 0.5])[0]).toBeLessThan(-1);
  });

  it("ticks on local whole hours, every 3 h in a day", () => {
    const ticks = hourTicks(NOW, NOW + 24 * H, 240);
    expect(ticks.map((t) => t.label)).toEqual(["12", "15", "18", "21", "00", "03", "06", "09"]);
    expect(ticks[0]!.x).toBeCloseTo(((110 / 60) / 24) * 240, 0);
    expect(hourTicks(NOW, NOW + 48 * H, 480).every((t) => Number(t.label) % 6 === 0)).toBe(true);
    expect(hourTicks(NOW, NOW, 10)).toEqual([]);
  });
});
