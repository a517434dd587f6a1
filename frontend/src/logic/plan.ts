// Plan chart layout: scales, paths and action blocks for the get_plan response (pure).

/** One step of the plan dict (optimiser_runtime.plan_response). */
export interface PlanStep {
  start?: string;
  end?: string;
  action?: string;
  power_kw?: number | null;
  soc?: number | null;
  grid_kw?: number | null;
  cost_aud?: number | null;
  buy_price?: number | null;
  feed_in_price?: number | null;
  pv_kw?: number | null;
  load_kw?: number | null;
  reason?: string | null;
}

export interface PlanResponse {
  generated_at?: string;
  mode?: string;
  decision?: string;
  reason?: string;
  steps?: PlanStep[];
  /** Caps, demand charge and the SoC floor the plan kept (reserve_soc: the backup reserve, %). */
  limits?: { reserve_soc?: number | null } | null;
}

/** A parsed step with epoch-ms times; missing numbers are null. */
export interface Step {
  start: number;
  end: number;
  action: string;
  soc: number | null;
  buy: number | null;
  feedIn: number | null;
  pv: number | null;
  load: number | null;
  powerKw: number | null;
  reason: string;
}

export interface Sample {
  t: number;
  v: number;
}

/** What really happened, from the recorder. */
export interface PlanHistory {
  soc: Sample[];
  pv: Sample[];
  load: Sample[];
  price: Sample[];
}

export interface ActionBlock {
  x: number;
  w: number;
  action: string;
  start: number;
  end: number;
}

export interface Tick {
  x: number;
  t: number;
  label: string;
}

export interface PlanLayout {
  width: number;
  height: number;
  t0: number;
  t1: number;
  nowX: number;
  main: { top: number; bottom: number; maxKw: number };
  price: { top: number; bottom: number; lo: number; hi: number; zeroY: number };
  actions: { top: number; bottom: number; blocks: ActionBlock[] };
  paths: {
    socPlan: string;
    pvPlan: string;
    loadPlan: string;
    buyPlan: string;
    feedInPlan: string;
    socPast: string;
    pvPast: string;
    loadPast: string;
    pricePast: string;
  };
  ticks: Tick[];
  empty: boolean;
  /** Height of the plan's SoC floor (backup reserve), null when there is none. */
  reserveY: number | null;
}

export interface LayoutOptions {
  width: number;
  height: number;
  hoursAhead: number;
  hoursBack: number;
  /** Tick label of a whole hour (default: two-digit 24 h). */
  tickLabel?: (t: number) => string;
  /** The plan's SoC floor (%), from reserveOf. */
  reserve?: number | null;
}

/** Known actions in the order of the legend. */
export const ACTIONS = [
  "charge_grid",
  "charge_pv",
  "discharge",
  "export",
  "hold",
  "self_consumption",
  "idle",
] as const;

const HOUR = 3_600_000;

const num = (value: unknown): number | null =>
  typeof value === "number" && Number.isFinite(value) ? value : null;

/** Parse and sort the plan's steps, dropping malformed ones. */
export function parseSteps(plan: PlanResponse | null | undefined): Step[] {
  const raw = plan && Array.isArray(plan.steps) ? plan.steps : [];
  const steps: Step[] = [];
  for (const s of raw) {
    if (!s || typeof s !== "object") continue;
    const start = Date.parse(s.start ?? "");
    const end = Date.parse(s.end ?? "");
    if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) continue;
    steps.push({
      start,
      end,
      action: typeof s.action === "string" && s.action ? s.action : "idle",
      soc: num(s.soc),
      buy: num(s.buy_price),
      feedIn: num(s.feed_in_price),
      pv: num(s.pv_kw),
      load: num(s.load_kw),
      powerKw: num(s.power_kw),
      reason: typeof s.reason === "string" ? s.reason : "",
    });
  }
  return steps.sort((a, b) => a.start - b.start);
}

/** Numeric samples of one entity from a `history/history_during_period` minimal response. */
export function historySamples(response: unknown, entityId: string | undefined): Sample[] {
  if (!entityId || !response || typeof response !== "object") return [];
  const rows = (response as Record<string, unknown>)[entityId];
  if (!Array.isArray(rows)) return [];
  const out: Sample[] = [];
  for (const row of rows as Array<Record<string, unknown>>) {
    const v = Number(row?.["s"]);
    const seconds = num(row?.["lu"]) ?? num(row?.["lc"]);
    if (seconds === null || row?.["s"] === "" || !Number.isFinite(v)) continue;
    out.push({ t: seconds * 1000, v });
  }
  return out.sort((a, b) => a.t - b.t);
}

/** The step covering `t`, if any. */
export function stepAt(steps: Step[], t: number): Step | undefined {
  return steps.find((s) => s.start <= t && t < s.end);
}

/** The plan's SoC floor (%) when above zero: the backup reserve or the safety minimum. */
export function reserveOf(plan: PlanResponse | null | undefined): number | null {
  const v = num(plan?.limits?.reserve_soc);
  return v !== null && v > 0 && v <= 100 ? v : null;
}

/** Consecutive steps with the same action merged into one block. */
export function mergeActions(steps: Step[]): Array<{ start: number; end: number; action: string }> {
  const out: Array<{ start: number; end: number; action: string }> = [];
  for (const s of steps) {
    const last = out[out.length - 1];
    if (last && last.action === s.action && last.end === s.start) last.end = s.end;
    else out.push({ start: s.start, end: s.end, action: s.action });
  }
  return out;
}

/** Lay the chart out: main panel (kW left, SoC right), price strip, action strip. */
export function layoutPlan(
  steps: Step[],
  history: PlanHistory,
  nowMs: number,
  opts: LayoutOptions,
): PlanLayout {
  const { width, height } = opts;
  const t0 = nowMs - Math.max(0, opts.hoursBack) * HOUR;
  const lastEnd = steps.length ? steps[steps.length - 1]!.end : nowMs;
  const t1 = Math.max(nowMs + HOUR, Math.min(lastEnd, nowMs + opts.hoursAhead * HOUR));
  const x = (t: number): number => r1(((clamp(t, t0, t1) - t0) / (t1 - t0)) * width);
  const future = steps.filter((s) => s.end > nowMs && s.start < t1);
  const past = (list: Sample[]): Sample[] => list.filter((p) => p.t >= t0 - HOUR && p.t <= nowMs);

  // Panel heights: the action strip is fixed, price takes a quarter of the rest.
  const actionH = 14;
  const gap = 6;
  const plotH = Math.max(40, height - actionH - 2 * gap - 14);
  const mainTop = 4;
  const mainBottom = mainTop + r1(plotH * 0.68);
  const priceTop = mainBottom + gap;
  const priceBottom = mainTop + plotH;
  const actionTop = priceBottom + gap;

  const kwValues = [
    ...future.flatMap((s) => [s.pv ?? 0, s.load ?? 0]),
    ...past(history.pv).map((p) => p.v),
    ...past(history.load).map((p) => p.v),
  ];
  const maxKw = niceCeil(Math.max(1, ...kwValues.filter(Number.isFinite)));
  const kwY = (v: number): number => r1(mainBottom - (clamp(v, 0, maxKw) / maxKw) * (mainBottom - mainTop));
  const socY = (v: number): number => r1(mainBottom - (clamp(v, 0, 100) / 100) * (mainBottom - mainTop));

  const prices = [
    ...future.flatMap((s) => [s.buy, s.feedIn]).filter((v): v is number => v !== null),
    ...past(history.price).map((p) => p.v),
  ];
  const [lo, hi] = priceRange(prices);
  const priceY = (v: number): number =>
    r1(priceBottom - ((clamp(v, lo, hi) - lo) / (hi - lo)) * (priceBottom - priceTop));

  const stepLine = (pick: (s: Step) => number | null, y: (v: number) => number): string => {
    let d = "";
    let lastEnd: number | null = null;
    for (const s of future) {
      const v = pick(s);
      if (v === null) {
        lastEnd = null;
        continue;
      }
      const start = Math.max(s.start, nowMs);
      d += `${lastEnd === start ? "L" : "M"}${x(start)},${y(v)}L${x(s.end)},${y(v)}`;
      lastEnd = s.end;
    }
    return d;
  };
  const area = (line: string, baseY: number): string => {
    if (!line) return "";
    // Close each sub-path of a step line down to the axis so gaps stay gaps.
    return line
      .split("M")
      .filter(Boolean)
      .map((seg) => {
        const pts = seg.split("L");
        const first = pts[0]!.split(",")[0];
        const last = pts[pts.length - 1]!.split(",")[0];
        return `M${first},${baseY}L${seg}L${last},${baseY}Z`;
      })
      .join("");
  };
  const sampleLine = (list: Sample[], y: (v: number) => number, step: boolean): string => {
    const pts = past(list);
    if (pts.length === 0) return "";
    let d = "";
    let prevY: number | null = null;
    for (const p of pts) {
      const px = x(p.t);
      const py = y(p.v);
      if (prevY === null) d += `M${px},${py}`;
      else d += step ? `L${px},${prevY}L${px},${py}` : `L${px},${py}`;
      prevY = py;
    }
    // A sensor that has not changed since its last sample still holds that value until now.
    d += `L${x(nowMs)},${prevY}`;
    return d;
  };

  const socPoints = future.filter((s) => s.soc !== null);
  const pastSoc = past(history.soc);
  const lastSoc = pastSoc[pastSoc.length - 1];
  let socPlan = "";
  if (socPoints.length) {
    const startY = lastSoc ? socY(lastSoc.v) : socY(socPoints[0]!.soc!);
    socPlan = `M${x(nowMs)},${startY}` + socPoints.map((s) => `L${x(s.end)},${socY(s.soc!)}`).join("");
  }
  const pvPlanLine = stepLine((s) => s.pv, kwY);

  const blocks = mergeActions(future).map((b) => {
    const bx = x(Math.max(b.start, nowMs));
    return { x: bx, w: r1(x(b.end) - bx), action: b.action, start: b.start, end: b.end };
  });

  return {
    width,
    height,
    t0,
    t1,
    nowX: x(nowMs),
    main: { top: mainTop, bottom: mainBottom, maxKw },
    price: { top: priceTop, bottom: priceBottom, lo, hi, zeroY: priceY(0) },
    actions: { top: actionTop, bottom: actionTop + actionH, blocks },
    paths: {
      socPlan,
      pvPlan: area(pvPlanLine, mainBottom),
      loadPlan: stepLine((s) => s.load, kwY),
      buyPlan: stepLine((s) => s.buy, priceY),
      feedInPlan: stepLine((s) => s.feedIn, priceY),
      socPast: sampleLine(history.soc, socY, false),
      pvPast: area(sampleLine(history.pv, kwY, false), mainBottom),
      loadPast: sampleLine(history.load, kwY, false),
      pricePast: sampleLine(history.price, priceY, true),
    },
    ticks: hourTicks(t0, t1, width, opts.tickLabel),
    empty: future.length === 0 && !history.soc.length && !history.pv.length,
    reserveY: opts.reserve == null ? null : socY(opts.reserve),
  };
}

/** Local whole-hour ticks, every 3 h up to a day, every 6 h beyond. */
export function hourTicks(
  t0: number,
  t1: number,
  width: number,
  label: (t: number) => string = (t) => String(new Date(t).getHours()).padStart(2, "0"),
): Tick[] {
  if (t1 <= t0) return [];
  const every = t1 - t0 > 26 * HOUR ? 6 : 3;
  const first = new Date(t0);
  first.setMinutes(0, 0, 0);
  const ticks: Tick[] = [];
  for (let t = first.getTime(); t <= t1; t += HOUR) {
    const hour = new Date(t).getHours();
    if (t < t0 || hour % every !== 0) continue;
    ticks.push({ x: r1(((t - t0) / (t1 - t0)) * width), t, label: label(t) });
  }
  return ticks;
}

/** Price axis range, always including zero so negative prices read as negative. */
export function priceRange(values: number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  const lo = Math.min(0, ...finite);
  const hi = Math.max(0.1, ...finite);
  const pad = (hi - lo) * 0.08;
  return [r3(lo < 0 ? lo - pad : 0), r3(hi + pad)];
}

/** A round axis maximum: 1, 2, 2.5, 5 x 10^n. */
export function niceCeil(value: number): number {
  if (!(value > 0)) return 1;
  const exp = Math.floor(Math.log10(value));
  const base = 10 ** exp;
  for (const m of [1, 2, 2.5, 5, 10]) if (value <= m * base + 1e-9) return r3(m * base);
  return r3(10 * base);
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
const r1 = (v: number): number => Math.round(v * 10) / 10;
const r3 = (v: number): number => Math.round(v * 1000) / 1000;

/** What the chart shows at one moment: the plan's step ahead of now, the recorder's samples before. */
export interface PointValues {
  t: number;
  planned: boolean;
  action: string | null;
  soc: number | null;
  pv: number | null;
  load: number | null;
  buy: number | null;
  feedIn: number | null;
}

/** Last sample at or before `t` (a sensor holds its value until the next change). */
export function sampleAt(list: Sample[], t: number): number | null {
  let value: number | null = null;
  for (const p of list) {
    if (p.t > t) break;
    value = p.v;
  }
  return value;
}

/** Values under the pointer at time `t`: planned ahead of `nowMs`, recorded before it. */
export function valuesAt(steps: Step[], history: PlanHistory, t: number, nowMs: number): PointValues | null {
  if (t >= nowMs) {
    const s = stepAt(steps, t);
    if (!s) return null;
    return { t, planned: true, action: s.action, soc: s.soc, pv: s.pv, load: s.load, buy: s.buy, feedIn: s.feedIn };
  }
  const v = {
    soc: sampleAt(history.soc, t),
    pv: sampleAt(history.pv, t),
    load: sampleAt(history.load, t),
    buy: sampleAt(history.price, t),
  };
  if (Object.values(v).every((x) => x === null)) return null;
  return { t, planned: false, action: null, feedIn: null, ...v };
}
