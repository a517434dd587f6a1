// Amber price trend from the get_price_forecast response (pure).

/** One item of the response (amber_models.PriceInterval.as_dict). */
export interface PriceItem {
  type?: string;
  start_time?: string;
  end_time?: string;
  per_kwh?: number | null;
  feed_in_earn?: number | null;
  spike_status?: string;
  descriptor?: string | null;
}

export interface PriceForecastResponse {
  site_id?: string;
  fetched_at?: string;
  general?: PriceItem[];
  feed_in?: PriceItem[];
}

/** A price over a time span; AUD/kWh, buy = what the owner pays, feed-in = what export earns. */
export interface PricePoint {
  start: number;
  end: number;
  value: number;
  spike: boolean;
}

export type Trend = "rising" | "falling" | "flat" | "unknown";

export interface PriceSummary {
  now: number | null;
  points: PricePoint[];
  min: number | null;
  max: number | null;
  mean: number | null;
  trend: Trend;
}

/** Change (AUD/kWh) below which the next hours count as flat. */
export const FLAT_BAND = 0.02;

/** Points of one channel: the buy price (`per_kwh`) or feed-in earnings (`feed_in_earn`). */
export function toPoints(items: unknown, field: "per_kwh" | "feed_in_earn"): PricePoint[] {
  if (!Array.isArray(items)) return [];
  const out: PricePoint[] = [];
  for (const raw of items as PriceItem[]) {
    if (!raw || typeof raw !== "object") continue;
    const value = raw[field];
    const start = Date.parse(raw.start_time ?? "");
    const end = Date.parse(raw.end_time ?? "");
    if (typeof value !== "number" || !Number.isFinite(value)) continue;
    if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) continue;
    if (raw.type === "ActualInterval") continue;
    out.push({ start, end, value, spike: raw.spike_status === "spike" });
  }
  // Amber mixes 5- and 30-minute forecasts; where they overlap the finer items win, so the
  // coarse ones only fill the time the fine ones leave uncovered.
  out.sort((a, b) => a.end - a.start - (b.end - b.start) || a.start - b.start);
  const kept: PricePoint[] = [];
  for (const p of out) {
    let pieces: PricePoint[] = [p];
    for (const k of kept) {
      pieces = pieces.flatMap((q) => {
        if (k.end <= q.start || k.start >= q.end) return [q];
        const parts: PricePoint[] = [];
        if (q.start < k.start) parts.push({ ...q, end: k.start });
        if (k.end < q.end) parts.push({ ...q, start: k.end });
        return parts;
      });
    }
    kept.push(...pieces);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** Price now and over the next `hours`, with its range and direction. */
export function summarise(points: PricePoint[], nowMs: number, hours = 6): PriceSummary {
  const horizon = nowMs + hours * 3_600_000;
  const window = points.filter((p) => p.end > nowMs && p.start < horizon);
  const current = window.find((p) => p.start <= nowMs && nowMs < p.end) ?? null;
  if (window.length === 0) {
    return { now: null, points: [], min: null, max: null, mean: null, trend: "unknown" };
  }
  const values = window.map((p) => p.value);
  let weighted = 0;
  let span = 0;
  for (const p of window) {
    const ms = Math.min(p.end, horizon) - Math.max(p.start, nowMs);
    weighted += p.value * ms;
    span += ms;
  }
  const mean = span > 0 ? weighted / span : null;
  const now = current?.value ?? null;
  return {
    now,
    points: window,
    min: Math.min(...values),
    max: Math.max(...values),
    mean,
    trend: trendOf(now, window, nowMs),
  };
}

/** Direction: compare the current price with the mean of the later part of the window. */
export function trendOf(now: number | null, window: PricePoint[], nowMs: number): Trend {
  const later = window.filter((p) => p.start > nowMs);
  if (now === null || later.length === 0) return "unknown";
  const mean = later.reduce((sum, p) => sum + p.value, 0) / later.length;
  if (mean - now > FLAT_BAND) return "rising";
  if (now - mean > FLAT_BAND) return "falling";
  return "flat";
}

/** SVG path of a step line for the points over [t0, t1] in a w x h box; y range [lo, hi]. */
export function stepPath(
  points: PricePoint[],
  t0: number,
  t1: number,
  w: number,
  h: number,
  lo: number,
  hi: number,
): string {
  if (points.length === 0 || t1 <= t0) return "";
  const span = hi - lo || 1;
  const x = (t: number): number => round1(((Math.min(Math.max(t, t0), t1) - t0) / (t1 - t0)) * w);
  const y = (v: number): number => round1(h - ((v - lo) / span) * h);
  let d = "";
  let lastEnd: number | null = null;
  for (const p of points) {
    if (p.end <= t0 || p.start >= t1) continue;
    const move = lastEnd === null || p.start > lastEnd ? "M" : "L";
    d += `${move}${x(p.start)},${y(p.value)}L${x(p.end)},${y(p.value)}`;
    lastEnd = p.end;
  }
  return d;
}

/** Y range covering the values and zero, with a little head room. */
export function valueRange(values: number[]): [number, number] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return [0, 1];
  const lo = Math.min(0, ...finite);
  const hi = Math.max(0, ...finite);
  const pad = (hi - lo || 0.1) * 0.1;
  return [lo < 0 ? lo - pad : 0, hi + pad];
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
