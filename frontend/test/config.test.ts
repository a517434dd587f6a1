import { describe, expect, it } from "vitest";
import { durationField, stripEmpty, validateDashboard, validatePlan, validateSchedule } from "../src/logic/config";

describe("validateDashboard", () => {
  it("fills defaults", () => {
    const { config, warnings } = validateDashboard({ type: "custom:sigenstor-dashboard-card" });
    expect(config).toMatchObject({ charge_power: 3, charge_target_soc: 90, export_floor_soc: 20, duration_minutes: 60, confirm: true, charge_source: "grid", price_hours: 6 });
    expect(warnings).toEqual([]);
  });

  it("accepts valid values, including numeric strings from YAML", () => {
    const { config, warnings } = validateDashboard({ type: "x", charge_power: "5.5", charge_source: "pv", duration_minutes: 0, confirm: false, device_id: " dev1 " });
    expect(config).toMatchObject({ charge_power: 5.5, charge_source: "pv", duration_minutes: 0, confirm: false, device_id: "dev1" });
    expect(warnings).toEqual([]);
  });

  it("falls back with a warning instead of throwing on bad values", () => {
    const { config, warnings } = validateDashboard({ type: "x", charge_power: -2, duration_minutes: 12.5, charge_source: "wind", confirm: "yes", export_floor_soc: 95 });
    expect(config.charge_power).toBe(3);
    expect(config.duration_minutes).toBe(60);
    expect(config.charge_source).toBe("grid");
    expect(config.confirm).toBe(true);
    expect(warnings).toHaveLength(5); // four bad values plus floor >= target
  });

  it("throws only when the config is not a mapping", () => {
    expect(() => validateDashboard(null)).toThrow(/mapping/);
    expect(() => validateDashboard([1])).toThrow();
  });
});

describe("other cards", () => {
  it("bounds plan hours", () => {
    expect(validatePlan({ type: "x" }).config).toMatchObject({ hours_ahead: 24, hours_back: 6 });
    const bad = validatePlan({ type: "x", hours_ahead: 72, hours_back: -1 });
    expect(bad.config).toMatchObject({ hours_ahead: 24, hours_back: 6 });
    expect(bad.warnings).toHaveLength(2);
    expect(validatePlan({ type: "x", hours_ahead: 48, hours_back: 0 }).config).toMatchObject({ hours_ahead: 48, hours_back: 0 });
  });

  it("schedule card keeps the common keys", () => {
    expect(validateSchedule({ type: "x", entry_id: "abc", title: "" }).config).toEqual({ type: "x", title: undefined, device_id: undefined, entry_id: "abc" });
  });
});

describe("helpers", () => {
  it("duration for the actions", () => {
    expect(durationField(0)).toEqual({});
    expect(durationField(90)).toEqual({ duration: { hours: 1, minutes: 30 } });
  });

  it("editors drop empty values", () => {
    expect(stripEmpty({ type: "t", title: "", device_id: undefined, charge_power: 0 })).toEqual({ type: "t", charge_power: 0 });
  });
});
