import { describe, expect, it } from "vitest";
import { animationSeconds, computeFlows, deriveHouse, netFlow, strokeWidth, type PowerReadings } from "../src/logic/flow";

const kw = (r: PowerReadings, from: string, to: string): number =>
  computeFlows(r).flows.find((f) => f.from === from && f.to === to)?.kw ?? 0;

/** Every source's output and every sink's intake must add up to what was measured. */
function balanced(r: PowerReadings): void {
  const { flows, house } = computeFlows(r);
  const out = (n: string) => flows.filter((f) => f.from === n).reduce((s, f) => s + f.kw, 0);
  const into = (n: string) => flows.filter((f) => f.to === n).reduce((s, f) => s + f.kw, 0);
  expect(out("solar")).toBeCloseTo(Math.max(0, r.pv ?? 0), 2);
  expect(into("house")).toBeCloseTo(house ?? 0, 2);
  expect(into("battery") - out("battery")).toBeCloseTo(r.battery ?? 0, 2);
  expect(out("grid") - into("grid")).toBeCloseTo(r.grid ?? 0, 2);
}

describe("computeFlows", () => {
  it("sunny afternoon: solar covers the house, charges the battery and exports the rest", () => {
    const r = { pv: 8, battery: 3, grid: -4, house: 1 };
    expect(kw(r, "solar", "house")).toBe(1);
    expect(kw(r, "solar", "battery")).toBe(3);
    expect(kw(r, "solar", "grid")).toBe(4);
    expect(kw(r, "grid", "house")).toBe(0);
    balanced(r);
  });

  it("evening: battery covers the house and grid tops up", () => {
    const r = { pv: 0, battery: -2.5, grid: 0.7, house: 3.2 };
    expect(kw(r, "battery", "house")).toBe(2.5);
    expect(kw(r, "grid", "house")).toBeCloseTo(0.7);
    expect(computeFlows(r).flows.some((f) => f.from === "solar")).toBe(false);
    balanced(r);
  });

  it("cheap night: grid charges the battery and feeds the house", () => {
    const r = { pv: 0, battery: 5, grid: 5.6, house: 0.6 };
    expect(kw(r, "grid", "house")).toBeCloseTo(0.6);
    expect(kw(r, "grid", "battery")).toBe(5);
    balanced(r);
  });

  it("forced export: battery and solar both export", () => {
    const r = { pv: 2, battery: -5, grid: -6.5, house: 0.5 };
    expect(kw(r, "solar", "house")).toBe(0.5);
    expect(kw(r, "solar", "grid")).toBe(1.5);
    expect(kw(r, "battery", "grid")).toBe(5);
    balanced(r);
  });

  it("derives the house load when its sensor is missing", () => {
    expect(deriveHouse({ pv: 4, battery: 1, grid: 0.5, house: null })).toBe(3.5);
    const result = computeFlows({ pv: 4, battery: 1, grid: 0.5, house: null });
    expect(result.house).toBe(3.5);
    expect(result.complete).toBe(true);
  });

  it("never produces negative or noise flows", () => {
    const result = computeFlows({ pv: -0.02, battery: 0.004, grid: 0.003, house: 0 });
    expect(result.flows).toEqual([]);
  });

  it("copes with everything missing", () => {
    const result = computeFlows({ pv: null, battery: null, grid: null, house: null });
    expect(result).toEqual({ flows: [], house: null, complete: false });
  });

  it("does not invent flows when measurements disagree", () => {
    // Meter says 2 kW import but nothing consumes it: the import has nowhere to go.
    const result = computeFlows({ pv: 0, battery: 0, grid: 2, house: 0 });
    expect(result.flows).toEqual([]);
  });

  it("sorts flows largest first", () => {
    const { flows } = computeFlows({ pv: 8, battery: 3, grid: -4, house: 1 });
    expect(flows.map((f) => f.kw)).toEqual([4, 3, 1]);
  });
});

describe("netFlow and drawing", () => {
  it("signs by direction", () => {
    const result = computeFlows({ pv: 0, battery: -2, grid: -1, house: 1 });
    expect(netFlow(result, "battery", "grid")).toBe(1);
    expect(netFlow(result, "grid", "battery")).toBe(-1);
  });

  it("stroke and speed grow with power and stay bounded", () => {
    expect(strokeWidth(0, 10)).toBe(0);
    expect(strokeWidth(10, 10)).toBe(6);
    expect(strokeWidth(100, 10)).toBe(6);
    expect(strokeWidth(1, 10)).toBeLessThan(strokeWidth(4, 10));
    expect(animationSeconds(10, 10)).toBeCloseTo(0.6);
    expect(animationSeconds(1, 10)).toBeGreaterThan(animationSeconds(5, 10));
    expect(animationSeconds(-1, 10)).toBe(0);
  });
});
