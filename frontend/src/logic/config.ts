// Card config validation: defaults, bounds and readable warnings (pure; never throws on values).
import type { CardConfig } from "../ha";

export interface DashboardConfig {
  type: string;
  title: string | undefined;
  device_id: string | undefined;
  entry_id: string | undefined;
  charge_power: number;
  charge_target_soc: number;
  charge_source: "grid" | "pv";
  export_power: number;
  export_floor_soc: number;
  duration_minutes: number;
  /** Ask for power and duration in a small dialog before each force action. */
  confirm: boolean;
  show_controls: boolean;
  show_prices: boolean;
  show_energy: boolean;
  price_hours: number;
}

export interface PlanConfig {
  type: string;
  title: string | undefined;
  device_id: string | undefined;
  entry_id: string | undefined;
  hours_ahead: number;
  hours_back: number;
}

export interface ScheduleConfig {
  type: string;
  title: string | undefined;
  device_id: string | undefined;
  entry_id: string | undefined;
}

export interface Validated<T> {
  config: T;
  warnings: string[];
}

interface NumberRule {
  key: string;
  def: number;
  min: number;
  max: number;
  integer?: boolean;
}

/** A number within [min, max]; anything else falls back to the default with a warning. */
export function readNumber(raw: Record<string, unknown>, rule: NumberRule, warnings: string[]): number {
  const value = raw[rule.key];
  if (value === undefined || value === null || value === "") return rule.def;
  const n = typeof value === "number" ? value : Number(value);
  const valid = Number.isFinite(n) && n >= rule.min && n <= rule.max && (!rule.integer || Number.isInteger(n));
  if (!valid) {
    warnings.push(`${rule.key}: ${String(value)} is not between ${rule.min} and ${rule.max}; using ${rule.def}`);
    return rule.def;
  }
  return n;
}

function readString(raw: Record<string, unknown>, key: string): string | undefined {
  const v = raw[key];
  return typeof v === "string" && v.trim() ? v.trim() : undefined;
}

function readBool(raw: Record<string, unknown>, key: string, def: boolean, warnings: string[]): boolean {
  const v = raw[key];
  if (v === undefined || v === null) return def;
  if (typeof v === "boolean") return v;
  warnings.push(`${key}: expected true or false; using ${def}`);
  return def;
}

/** Throws only when the config is not an object (Lovelace then shows its error card). */
function asObject(config: unknown): Record<string, unknown> {
  if (!config || typeof config !== "object" || Array.isArray(config)) {
    throw new Error("Invalid configuration: expected a mapping");
  }
  return config as Record<string, unknown>;
}

function common(raw: Record<string, unknown>, fallbackType: string) {
  return {
    type: readString(raw, "type") ?? fallbackType,
    title: readString(raw, "title"),
    device_id: readString(raw, "device_id"),
    entry_id: readString(raw, "entry_id"),
  };
}

export function validateDashboard(config: unknown): Validated<DashboardConfig> {
  const raw = asObject(config);
  const warnings: string[] = [];
  const source = raw["charge_source"];
  if (source !== undefined && source !== "grid" && source !== "pv") {
    warnings.push(`charge_source: ${String(source)} is not grid or pv; using grid`);
  }
  const cfg: DashboardConfig = {
    ...common(raw, "custom:sigenstor-dashboard-card"),
    charge_power: readNumber(raw, { key: "charge_power", def: 3, min: 0.1, max: 50 }, warnings),
    charge_target_soc: readNumber(raw, { key: "charge_target_soc", def: 90, min: 1, max: 100 }, warnings),
    charge_source: source === "pv" ? "pv" : "grid",
    export_power: readNumber(raw, { key: "export_power", def: 3, min: 0.1, max: 50 }, warnings),
    export_floor_soc: readNumber(raw, { key: "export_floor_soc", def: 20, min: 0, max: 99 }, warnings),
    duration_minutes: readNumber(
      raw,
      { key: "duration_minutes", def: 60, min: 0, max: 1440, integer: true },
      warnings,
    ),
    confirm: readBool(raw, "confirm", true, warnings),
    show_controls: readBool(raw, "show_controls", true, warnings),
    show_prices: readBool(raw, "show_prices", true, warnings),
    show_energy: readBool(raw, "show_energy", true, warnings),
    price_hours: readNumber(raw, { key: "price_hours", def: 6, min: 1, max: 24, integer: true }, warnings),
  };
  if (cfg.export_floor_soc >= cfg.charge_target_soc) {
    warnings.push("export_floor_soc is at or above charge_target_soc");
  }
  return { config: cfg, warnings };
}

export function validatePlan(config: unknown): Validated<PlanConfig> {
  const raw = asObject(config);
  const warnings: string[] = [];
  return {
    config: {
      ...common(raw, "custom:sigenstor-plan-card"),
      hours_ahead: readNumber(raw, { key: "hours_ahead", def: 24, min: 1, max: 48, integer: true }, warnings),
      hours_back: readNumber(raw, { key: "hours_back", def: 6, min: 0, max: 24, integer: true }, warnings),
    },
    warnings,
  };
}

export function validateSchedule(config: unknown): Validated<ScheduleConfig> {
  const raw = asObject(config);
  return { config: common(raw, "custom:sigenstor-schedule-card"), warnings: [] };
}

/** Duration for the services (cv.time_period accepts a mapping); none when 0 (= until cleared). */
export function durationField(minutes: number): Record<string, unknown> {
  return minutes > 0 ? { duration: { hours: Math.floor(minutes / 60), minutes: minutes % 60 } } : {};
}

/** Keep only keys that differ from nothing: used by editors to drop empty values. */
export function stripEmpty(config: CardConfig): CardConfig {
  const out: CardConfig = { type: config.type };
  for (const [k, v] of Object.entries(config)) {
    if (v === undefined || v === null || v === "") continue;
    out[k] = v;
  }
  return out;
}
