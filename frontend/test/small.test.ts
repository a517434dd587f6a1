import { describe, expect, it } from "vitest";
import { energyBalance, statisticChange } from "../src/logic/energy";
import { findEntityId, numericState, powerKw } from "../src/logic/entities";
import { formatAud, formatCents, formatClock, formatKw, formatMinutes, humanise } from "../src/logic/format";
import { arcPath, polar, socLevel } from "../src/logic/gauge";
import { remainingMinutes } from "../src/logic/override";
import type { HomeAssistant } from "../src/ha";

describe("energy", () => {
  it("reads statistic changes", () => {
    expect(statisticChange({ change: 4.2 })).toBe(4.2);
    expect(statisticChange({ change: null })).toBeNull();
    expect(statisticChange({ change: -1 })).toBe(0); // a meter reset is not negative energy
    expect(statisticChange(undefined)).toBeNull();
  });

  it("balances the day and derives the house when its counter is missing", () => {
    const b = energyBalance({ pv_energy: 20, grid_import_energy: 4, grid_export_energy: 8, battery_charge_energy: 6, battery_discharge_energy: 5 });
    expect(b.load).toBe(15);
    expect(b.selfSufficiency).toBe(73);
  });

  it("prefers the measured house counter and the daily PV fallback", () => {
    const b = energyBalance({ load_energy: 10, grid_import_energy: 10 }, 3);
    expect(b).toMatchObject({ pv: 3, load: 10, selfSufficiency: 0 });
    expect(energyBalance({}).selfSufficiency).toBeNull();
  });
});

describe("override time left", () => {
  it("counts down from the sensor's last write", () => {
    const written = "2026-01-10T10:00:00Z";
    expect(remainingMinutes(30, written, Date.parse(written) + 10 * 60_000)).toBeCloseTo(20);
    expect(remainingMinutes(5, written, Date.parse(written) + 10 * 60_000)).toBe(0);
    expect(remainingMinutes(null, written, 0)).toBeNull();
    expect(remainingMinutes(12, undefined, 0)).toBe(12);
  });
});

describe("entities", () => {
  const hass = {
    states: { "sensor.a": { entity_id: "sensor.a", state: "1500", attributes: { unit_of_measurement: "W" } } },
    entities: {
      "sensor.other": { entity_id: "sensor.other", platform: "other", translation_key: "battery_soc" },
      "sensor.a": { entity_id: "sensor.a", platform: "sigenstor", translation_key: "battery_soc", device_id: "d1" },
      "sensor.b": { entity_id: "sensor.b", platform: "sigenstor", translation_key: "battery_soc", device_id: "d2" },
      "binary_sensor.x": { entity_id: "binary_sensor.x", platform: "sigenstor", translation_key: "battery_soc" },
    },
  } as unknown as HomeAssistant;

  it("finds by platform, key, domain and device", () => {
    expect(findEntityId(hass, "battery_soc", "sensor")).toBe("sensor.a");
    expect(findEntityId(hass, "battery_soc", "sensor", "d2")).toBe("sensor.b");
    expect(findEntityId(hass, "battery_soc", "binary_sensor")).toBe("binary_sensor.x");
    // An entity only on another device is still found.
    expect(findEntityId(hass, "battery_soc", "binary_sensor", "d2")).toBe("binary_sensor.x");
    expect(findEntityId(hass, "nope")).toBeUndefined();
    expect(findEntityId(undefined, "battery_soc")).toBeUndefined();
  });

  it("reads numbers and converts W", () => {
    expect(powerKw(hass.states["sensor.a"])).toBe(1.5);
    expect(numericState({ entity_id: "x", state: "unavailable", attributes: {} })).toBeNull();
    expect(numericState(undefined)).toBeNull();
  });
});

describe("format and gauge", () => {
  it("formats values", () => {
    expect(formatKw(0.354)).toBe("0.35 kW");
    expect(formatKw(-4.25)).toBe("-4.3 kW");
    expect(formatKw(null)).toBe("—");
    expect(formatCents(-0.0512)).toBe("-5.1 c/kWh");
    expect(formatCents(-0.0001)).toBe("0.0 c/kWh");
    expect(formatCents(15.2)).toBe("1,520 c/kWh");
    expect(formatAud(-1.234)).toBe("-$1.23");
    expect(formatMinutes(65)).toBe("1 h 05 min");
    expect(formatMinutes(0.2)).toBe("< 1 min");
    expect(formatClock("2026-01-10T05:07:00+10:00")).toBe("05:07");
    expect(formatClock("nope")).toBe("—");
    expect(humanise("charge_grid")).toBe("Charge grid");
  });

  it("draws arcs", () => {
    expect(polar(50, 50, 10, 0)).toEqual([60, 50]);
    expect(arcPath(50, 50, 40, 0, 0)).toBe("");
    expect(arcPath(50, 50, 40, 0, 100)).toContain(" 0 1 1 "); // 270 degrees: large arc
    expect(arcPath(50, 50, 40, 0, 50)).toContain(" 0 0 1 ");
    expect(arcPath(50, 50, 40, 0, 150)).toBe(arcPath(50, 50, 40, 0, 100));
    expect(socLevel(10)).toBe("low");
    expect(socLevel(35)).toBe("medium");
    expect(socLevel(80)).toBe("high");
    expect(socLevel(null)).toBe("unknown");
  });
});
