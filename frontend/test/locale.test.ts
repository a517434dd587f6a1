import { describe, expect, it } from "vitest";
import { DE } from "../src/i18n/de";
import { EN } from "../src/i18n/en";
import { actionName, makeLoc, t } from "../src/i18n";
import { baseStyles } from "../src/cards/styles";
import { energyBalance } from "../src/logic/energy";
import { formatClock, formatCents, formatKw, formatKwh, formatWallClock, weekdayName } from "../src/logic/format";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("translation tables", () => {
  it("German has every English key, non-empty, with the same placeholders", () => {
    for (const key of Object.keys(EN) as Array<keyof typeof EN>) {
      expect(DE[key], key).toBeTypeOf("string");
      if (EN[key] !== "") expect(DE[key].length, key).toBeGreaterThan(0);
      expect(placeholders(DE[key]), key).toEqual(placeholders(EN[key]));
    }
    expect(Object.keys(DE).sort()).toEqual(Object.keys(EN).sort());
  });

  it("picks the table by the owner's language and falls back to English", () => {
    expect(t(makeLoc({ language: "de" }), "dash.today")).toBe("Heute");
    expect(t(makeLoc({ language: "de-CH" }), "dash.today")).toBe("Heute");
    expect(t(makeLoc(undefined, "de"), "dash.today")).toBe("Heute");
    expect(t(makeLoc({ language: "fi" }), "dash.today")).toBe("Today");
    expect(t(makeLoc({ language: "en" }), "dash.next", { action: "Hold", time: "17:30" })).toBe("Next: Hold at 17:30");
    expect(actionName(makeLoc({ language: "de" }), "self_consumption")).toBe("Eigenverbrauch");
    expect(actionName(makeLoc({ language: "en" }), "brand_new_action")).toBe("Brand new action");
  });
});

describe("locale formats", () => {
  const at = new Date(2026, 0, 10, 17, 5).getTime(); // local time: the formatters use local time too
  it("numbers follow the language or the owner's number format", () => {
    expect(formatKw(4.25, makeLoc({ language: "de" }))).toBe("4,3 kW");
    expect(formatKwh(1234.56, makeLoc({ language: "de" }))).toBe("1.234,6 kWh");
    expect(formatKwh(1234.56, makeLoc({ language: "en" }))).toBe("1,234.6 kWh");
    expect(formatKwh(1234.56, makeLoc({ language: "en", number_format: "decimal_comma" }))).toBe("1.234,6 kWh");
    expect(formatKwh(1234.56, makeLoc({ language: "de", number_format: "comma_decimal" }))).toBe("1,234.6 kWh");
    expect(formatKwh(1234.56, makeLoc({ language: "en", number_format: "none" }))).toBe("1234.6 kWh");
    expect(formatCents(-0.0001, makeLoc({ language: "de" }))).toBe("0,0 c/kWh");
  });

  it("times follow the language or the owner's 12/24 h choice", () => {
    expect(formatClock(at, makeLoc({ language: "de" }))).toBe("17:05");
    expect(formatClock(at, makeLoc({ language: "en" }))).toMatch(/^5:05\s?PM$/i);
    expect(formatClock(at, makeLoc({ language: "en", time_format: "24" }))).toBe("17:05");
    expect(formatClock(at, makeLoc({ language: "de", time_format: "12" }))).toMatch(/^5:05\s?PM$/i);
    expect(formatWallClock("01:00", makeLoc({ language: "de" }))).toBe("01:00");
    expect(formatWallClock("13:30", makeLoc({ language: "en" }))).toMatch(/^1:30\s?PM$/i);
  });

  it("uses the server's time zone when the owner asks for it", () => {
    const utcNoon = Date.UTC(2026, 0, 10, 12, 0);
    const loc = makeLoc({ language: "de", time_zone: "server" }, undefined, "Australia/Brisbane");
    expect(formatClock(utcNoon, loc)).toBe("22:00");
  });

  it("names weekdays in the owner's language, Monday first", () => {
    expect(weekdayName(0, makeLoc({ language: "en" }))).toBe("Mon");
    expect(weekdayName(6, makeLoc({ language: "de" }))).toMatch(/^So\.?$/);
  });
});

describe("self-sufficiency", () => {
  it("is not claimed before the house has used any energy", () => {
    expect(energyBalance({ load_energy: 0, grid_import_energy: 0 }).selfSufficiency).toBeNull();
    expect(energyBalance({ load_energy: 0.04, grid_import_energy: 0 }).selfSufficiency).toBeNull();
    expect(energyBalance({ load_energy: 2, grid_import_energy: 0 }).selfSufficiency).toBe(100);
    // Derived house use of a fresh day (all counters at zero) is not 100 % either.
    const fresh = { pv_energy: 0, grid_import_energy: 0, grid_export_energy: 0, battery_charge_energy: 0, battery_discharge_energy: 0 };
    expect(energyBalance(fresh).load).toBe(0);
    expect(energyBalance(fresh).selfSufficiency).toBeNull();
  });
});

describe("plan colours", () => {
  /** The fallback colour a `--sg-*` variable resolves to in the card styles. */
  function resolve(css: string, name: string, depth = 0): string {
    const m = new RegExp(`${name}:\\s*([^;]+);`).exec(css);
    if (!m || depth > 5) return "";
    const value = m[1]!.trim();
    const inner = /^var\((--sg-[\w-]+)\)$/.exec(value);
    if (inner) return resolve(css, inner[1]!, depth + 1);
    const fallback = /#[0-9a-f]{3,6}/i.exec(value);
    return fallback ? fallback[0].toLowerCase() : value;
  }

  it("draws SoC in a colour no action block uses", () => {
    const css = baseStyles.cssText;
    const soc = resolve(css, "--sg-soc");
    expect(soc).toMatch(/^#/);
    for (const v of ["--sg-self", "--sg-charge", "--sg-solar", "--sg-discharge", "--sg-hold", "--sg-idle", "--sg-grid-in"]) {
      expect(resolve(css, v), v).not.toBe(soc);
    }
  });
});
