// Number and time formatting shared by the cards (pure).

export const DASH = "—";

/** kW with sensible precision: 0.35 kW, 4.2 kW, 12 kW. */
export function formatKw(kw: number | null | undefined): string {
  if (kw === null || kw === undefined || !Number.isFinite(kw)) return DASH;
  const abs = Math.abs(kw);
  const digits = abs >= 10 ? 0 : abs >= 1 ? 1 : 2;
  return `${kw.toFixed(digits)} kW`;
}

/** kWh with one decimal. */
export function formatKwh(kwh: number | null | undefined): string {
  if (kwh === null || kwh === undefined || !Number.isFinite(kwh)) return DASH;
  return `${kwh.toFixed(1)} kWh`;
}

/** AUD/kWh shown as cents per kWh, keeping the sign (negative prices are real). */
export function formatCents(aud: number | null | undefined): string {
  if (aud === null || aud === undefined || !Number.isFinite(aud)) return DASH;
  const cents = aud * 100;
  const text = Math.abs(cents) >= 100 ? cents.toFixed(0) : cents.toFixed(1);
  return `${text === "-0.0" ? "0.0" : text} c/kWh`;
}

/** Dollars with two decimals and the sign in front. */
export function formatAud(aud: number | null | undefined): string {
  if (aud === null || aud === undefined || !Number.isFinite(aud)) return DASH;
  return `${aud < 0 ? "-" : ""}$${Math.abs(aud).toFixed(2)}`;
}

/** Minutes left as '1 h 05 min' / '12 min' / '< 1 min'. */
export function formatMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return DASH;
  if (minutes < 1) return "< 1 min";
  const total = Math.round(minutes);
  const h = Math.floor(total / 60);
  const m = total % 60;
  return h ? `${h} h ${String(m).padStart(2, "0")} min` : `${m} min`;
}

/** Local 'HH:MM' of an ISO or epoch time, or a dash. */
export function formatClock(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === "") return DASH;
  const t = typeof value === "number" ? value : Date.parse(value);
  if (!Number.isFinite(t)) return DASH;
  const d = new Date(t);
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

/** 'charge_grid' -> 'Charge grid'. */
export function humanise(key: string | null | undefined): string {
  if (!key) return DASH;
  const text = key.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
