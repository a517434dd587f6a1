// Number and time formatting shared by the cards, following the owner's locale (pure).
import { DEFAULT_LOC, type Loc } from "../i18n";

export const DASH = "—";

const numberFormats = new Map<string, Intl.NumberFormat>();

/** `value` with exactly `digits` decimals in the locale's digits and separators. */
export function formatNumber(value: number, digits: number, loc: Loc = DEFAULT_LOC): string {
  const key = `${String(loc.numberLocale)}|${loc.grouping}|${digits}`;
  let nf = numberFormats.get(key);
  if (!nf) {
    nf = new Intl.NumberFormat(loc.numberLocale, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      useGrouping: loc.grouping,
    });
    numberFormats.set(key, nf);
  }
  const text = nf.format(value);
  // "-0.0" reads like a sign error on a price or a power.
  return /^-0([.,\s]0+)?$/.test(text) ? text.slice(1) : text;
}

const finite = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);

/** kW with sensible precision: 0.35 kW, 4.2 kW, 12 kW. */
export function formatKw(kw: number | null | undefined, loc: Loc = DEFAULT_LOC): string {
  if (!finite(kw)) return DASH;
  const abs = Math.abs(kw);
  const digits = abs >= 10 ? 0 : abs >= 1 ? 1 : 2;
  return `${formatNumber(kw, digits, loc)} kW`;
}

/** kWh with one decimal. */
export function formatKwh(kwh: number | null | undefined, loc: Loc = DEFAULT_LOC): string {
  if (!finite(kwh)) return DASH;
  return `${formatNumber(kwh, 1, loc)} kWh`;
}

/** A percentage without decimals: '64 %'. */
export function formatPercent(value: number | null | undefined, loc: Loc = DEFAULT_LOC): string {
  if (!finite(value)) return DASH;
  return `${formatNumber(Math.round(value), 0, loc)} %`;
}

/** AUD/kWh shown as cents per kWh, keeping the sign (negative prices are real). */
export function formatCents(aud: number | null | undefined, loc: Loc = DEFAULT_LOC): string {
  if (!finite(aud)) return DASH;
  const cents = aud * 100;
  return `${formatNumber(cents, Math.abs(cents) >= 100 ? 0 : 1, loc)} c/kWh`;
}

/** Dollars with two decimals and the sign in front. */
export function formatAud(aud: number | null | undefined, loc: Loc = DEFAULT_LOC): string {
  if (!finite(aud)) return DASH;
  return `${aud < 0 ? "-" : ""}$${formatNumber(Math.abs(aud), 2, loc)}`;
}

/** Minutes left as '1 h 05 min' / '12 min' / '< 1 min'. */
export function formatMinutes(minutes: number | null | undefined): string {
  if (!finite(minutes)) return DASH;
  if (minutes < 1) return "< 1 min";
  const total = Math.round(minutes);
  const h = Math.floor(total / 60);
  const m = total % 60;
  return h ? `${h} h ${String(m).padStart(2, "0")} min` : `${m} min`;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** Whether the owner's times use am/pm: the explicit choice, else what the language does (as HA decides). */
export function usesAmPm(loc: Loc): boolean {
  if (loc.hour12 !== undefined) return loc.hour12;
  return new Date(2023, 0, 1, 22).toLocaleString(loc.timeLocale).includes("10");
}

function timeFormat(loc: Loc): Intl.DateTimeFormat {
  const amPm = usesAmPm(loc);
  const key = `${loc.timeLocale}|${amPm}|${loc.timeZone}`;
  let f = timeFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(loc.timeLocale, {
      hour: amPm ? "numeric" : "2-digit",
      minute: "2-digit",
      hourCycle: amPm ? "h12" : "h23",
      timeZone: loc.timeZone,
    });
    timeFormats.set(key, f);
  }
  return f;
}

/** Clock time of an ISO or epoch time in the owner's format ('17:30', '5:30 pm'), or a dash. */
export function formatClock(value: string | number | null | undefined, loc: Loc = DEFAULT_LOC): string {
  if (value === null || value === undefined || value === "") return DASH;
  const ms = typeof value === "number" ? value : Date.parse(value);
  if (!Number.isFinite(ms)) return DASH;
  return timeFormat(loc).format(new Date(ms));
}

/** A wall-clock 'HH:MM' (a schedule's start or end) in the owner's format. */
export function formatWallClock(hm: string, loc: Loc = DEFAULT_LOC): string {
  const m = /^(\d{1,2}):(\d{2})/.exec(hm);
  if (!m) return hm;
  // A fixed UTC date, formatted in UTC, shows the wall clock time itself.
  const utc = Date.UTC(2024, 0, 1, Number(m[1]), Number(m[2]));
  return formatClock(utc, { ...loc, timeZone: "UTC" });
}

const weekdayFormats = new Map<string, Intl.DateTimeFormat>();

/** Short weekday name, 0 = Monday, in the owner's language. */
export function weekdayName(day: number, loc: Loc = DEFAULT_LOC): string {
  const key = loc.timeLocale ?? "";
  let f = weekdayFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(loc.timeLocale, { weekday: "short", timeZone: "UTC" });
    weekdayFormats.set(key, f);
  }
  // 2024-01-01 was a Monday.
  return f.format(new Date(Date.UTC(2024, 0, 1 + day, 12)));
}

/** 'charge_grid' -> 'Charge grid'. */
export function humanise(key: string | null | undefined): string {
  if (!key) return DASH;
  const text = key.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
