// Today's energy balance from the lifetime counters' change since midnight (pure).

/** Counters the dashboard asks the recorder about, by translation key. */
export const ENERGY_KEYS = [
  "pv_energy",
  "load_energy",
  "grid_import_energy",
  "grid_export_energy",
  "battery_charge_energy",
  "battery_discharge_energy",
] as const;
export type EnergyKey = (typeof ENERGY_KEYS)[number];

export type EnergyToday = Partial<Record<EnergyKey, number | null>>;

export interface EnergyBalance {
  pv: number | null;
  load: number | null;
  imported: number | null;
  exported: number | null;
  charged: number | null;
  discharged: number | null;
  /** Share of the house's use not bought from the grid (0..100), null when unknown. */
  selfSufficiency: number | null;
}

/**
 * Below this much house use the share is not shown: right after midnight (or a fresh start) the
 * tiles read 0.0 kWh and "100 %" would claim a day not yet lived.
 */
export const MIN_SHARE_KWH = 0.1;

/** Change of a `recorder/statistic_during_period` answer, or null. */
export function statisticChange(response: unknown): number | null {
  if (!response || typeof response !== "object") return null;
  const change = (response as { change?: unknown }).change;
  return typeof change === "number" && Number.isFinite(change) ? Math.max(0, change) : null;
}

/** Balance from the counters; the house's use is derived when its counter is missing. */
export function energyBalance(today: EnergyToday, pvTodayFallback: number | null = null): EnergyBalance {
  const get = (k: EnergyKey): number | null => today[k] ?? null;
  const pv = get("pv_energy") ?? pvTodayFallback;
  const imported = get("grid_import_energy");
  const exported = get("grid_export_energy");
  const charged = get("battery_charge_energy");
  const discharged = get("battery_discharge_energy");
  let load = get("load_energy");
  if (load === null && pv !== null && imported !== null && exported !== null && charged !== null && discharged !== null) {
    load = Math.max(0, pv + imported + discharged - exported - charged);
  }
  let selfSufficiency: number | null = null;
  if (load !== null && imported !== null && load >= MIN_SHARE_KWH) {
    selfSufficiency = Math.round(Math.min(100, Math.max(0, (1 - imported / load) * 100)));
  }
  return { pv, load, imported, exported, charged, discharged, selfSufficiency };
}
