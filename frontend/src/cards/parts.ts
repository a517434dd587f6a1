// Render helpers of the dashboard card: SoC gauge, power flow, price trend, energy tiles.
import { html, nothing, svg, type TemplateResult } from "lit";
import type { EnergyBalance } from "../logic/energy";
import { animationSeconds, netFlow, strokeWidth, type FlowResult, type Node } from "../logic/flow";
import { actionName, t, type Loc, type StringKey } from "../i18n";
import { DASH, formatAud, formatCents, formatClock, formatKw, formatKwh, formatNumber, formatPercent } from "../logic/format";
import { arcPath, socLevel } from "../logic/gauge";
import { stepPath, valueRange, type PriceSummary } from "../logic/prices";

/** SoC gauge with the battery temperature underneath. */
export function gauge(soc: number | null, temperature: number | null, tempUnit: string, loc: Loc): TemplateResult {
  const level = socLevel(soc);
  const aria = t(loc, "flow.battery_aria", { soc: soc === null ? t(loc, "flow.unknown") : formatPercent(soc, loc) });
  return html`<div class="gauge ${level}">
    <svg viewBox="0 0 100 100" role="img" aria-label=${aria}>
      <path class="track" d=${arcPath(50, 50, 40, 0, 100)}></path>
      ${soc === null ? nothing : svg`<path class="value" d=${arcPath(50, 50, 40, 0, soc)}></path>`}
      <text x="50" y="52" class="soc-value">${soc === null ? DASH : `${Math.round(soc)}%`}</text>
      <text x="50" y="67" class="soc-label">${t(loc, "flow.battery")}</text>
    </svg>
    <div class="temp">${temperature === null ? DASH : `${formatNumber(temperature, 1, loc)} ${tempUnit}`}</div>
  </div>`;
}

const POS: Record<Node, [number, number]> = {
  solar: [100, 22],
  grid: [24, 80],
  house: [176, 80],
  battery: [100, 138],
};
const LINKS: Array<[Node, Node]> = [
  ["solar", "house"],
  ["solar", "battery"],
  ["solar", "grid"],
  ["grid", "house"],
  ["grid", "battery"],
  ["battery", "house"],
];
const ICONS: Record<Node, string> = {
  solar: "mdi:solar-power-variant",
  grid: "mdi:transmission-tower",
  house: "mdi:home",
  battery: "mdi:home-battery",
};

/** Path between two nodes, stopping short of the node circles. */
function linkPath(a: Node, b: Node): string {
  const [x1, y1] = POS[a];
  const [x2, y2] = POS[b];
  const len = Math.hypot(x2 - x1, y2 - y1);
  const k = 20 / len;
  const sx = x1 + (x2 - x1) * k;
  const sy = y1 + (y2 - y1) * k;
  const ex = x2 - (x2 - x1) * k;
  const ey = y2 - (y2 - y1) * k;
  return `M${sx.toFixed(1)},${sy.toFixed(1)}L${ex.toFixed(1)},${ey.toFixed(1)}`;
}

export interface NodeValues {
  pv: number | null;
  battery: number | null;
  grid: number | null;
}

/** Power flow diagram: faint links, animated coloured links where power flows. */
export function flowDiagram(result: FlowResult, values: NodeValues, maxKw: number, loc: Loc): TemplateResult {
  const lines = LINKS.map(([a, b]) => {
    const net = netFlow(result, a, b);
    const [from, to] = net >= 0 ? [a, b] : [b, a];
    const kw = Math.abs(net);
    if (kw <= 0) return svg`<path class="link idle" d=${linkPath(a, b)}></path>`;
    return svg`<path class="link idle" d=${linkPath(a, b)}></path>
      <path
        class="link flow from-${from}"
        data-from=${from}
        data-to=${to}
        data-kw=${kw}
        d=${linkPath(from, to)}
        style="stroke-width:${strokeWidth(kw, maxKw)};animation-duration:${animationSeconds(kw, maxKw)}s"
      ></path>`;
  });
  const battery = values.battery;
  const grid = values.grid;
  const sub: Record<Node, string> = {
    solar: "",
    house: "",
    battery: t(loc, battery === null || Math.abs(battery) < 0.01 ? "flow.idle" : battery > 0 ? "flow.charging" : "flow.discharging"),
    grid: t(loc, grid === null || Math.abs(grid) < 0.01 ? "flow.idle" : grid > 0 ? "flow.importing" : "flow.exporting"),
  };
  const shown: Record<Node, number | null> = {
    solar: values.pv,
    house: result.house,
    battery: battery === null ? null : Math.abs(battery),
    grid: grid === null ? null : Math.abs(grid),
  };
  return html`<div class="flow">
    <svg viewBox="0 0 200 160" aria-hidden="true">${lines}</svg>
    ${(Object.keys(POS) as Node[]).map(
      (n) => html`<div class="node node-${n}" data-node=${n} style="left:${(POS[n][0] / 200) * 100}%;top:${(POS[n][1] / 160) * 100}%">
        <ha-icon .icon=${ICONS[n]}></ha-icon>
        <span class="kw">${formatKw(shown[n], loc)}</span>
        ${sub[n] ? html`<span class="sub">${sub[n]}</span>` : nothing}
      </div>`,
    )}
  </div>`;
}

/** Buy and feed-in now, and a small step chart of the next hours. */
export function priceTrend(buy: PriceSummary, feedIn: PriceSummary, nowMs: number, hours: number, loc: Loc): TemplateResult {
  const t1 = nowMs + hours * 3_600_000;
  const [lo, hi] = valueRange([...buy.points.map((p) => p.value), ...feedIn.points.map((p) => p.value)]);
  const zeroY = 40 - ((0 - lo) / (hi - lo || 1)) * 40;
  const arrow = { rising: "↗", falling: "↘", flat: "→", unknown: "" } as const;
  const hasChart = buy.points.length > 0 || feedIn.points.length > 0;
  return html`<div class="prices">
    <div class="price buy">
      <span class="label">${t(loc, "price.buy")}</span>
      <span class="value ${buy.now !== null && buy.now < 0 ? "negative" : ""}">${formatCents(buy.now, loc)}</span>
      <span class="trend" title=${t(loc, `trend.${buy.trend}`)}>${arrow[buy.trend]}</span>
    </div>
    <div class="price feed-in">
      <span class="label">${t(loc, "price.feed_in")}</span>
      <span class="value ${feedIn.now !== null && feedIn.now < 0 ? "negative" : ""}">${formatCents(feedIn.now, loc)}</span>
      <span class="trend" title=${t(loc, `trend.${feedIn.trend}`)}>${arrow[feedIn.trend]}</span>
    </div>
    ${hasChart
      ? html`<svg class="spark" viewBox="0 0 200 40" preserveAspectRatio="none" aria-label=${t(loc, "price.aria", { hours })}>
            ${lo < 0 ? svg`<line class="zero" x1="0" x2="200" y1=${zeroY} y2=${zeroY}></line>` : nothing}
            <path class="buy-line" d=${stepPath(buy.points, nowMs, t1, 200, 40, lo, hi)}></path>
            <path class="feed-line" d=${stepPath(feedIn.points, nowMs, t1, 200, 40, lo, hi)}></path>
          </svg>
          <div class="muted range">
            ${t(loc, "price.range", { hours, min: formatCents(buy.min, loc), max: formatCents(buy.max, loc) })}
          </div>`
      : html`<div class="muted">${t(loc, "price.none")}</div>`}
  </div>`;
}

/** Today's energy tiles. */
export function energyTiles(b: EnergyBalance, loc: Loc): TemplateResult {
  const tile = (cls: string, label: StringKey, value: number | null) =>
    html`<div class="tile ${cls}"><span class="muted">${t(loc, label)}</span><span class="v">${formatKwh(value, loc)}</span></div>`;
  return html`<div class="tiles">
    ${tile("t-pv", "tile.solar", b.pv)} ${tile("t-load", "tile.house", b.load)} ${tile("t-import", "tile.bought", b.imported)}
    ${tile("t-export", "tile.sold", b.exported)} ${tile("t-charge", "tile.charged", b.charged)}
    ${tile("t-discharge", "tile.discharged", b.discharged)}
  </div>
  ${b.selfSufficiency === null
    ? nothing
    : html`<div class="muted self">${t(loc, "dash.self_sufficiency", { pct: formatPercent(b.selfSufficiency, loc) })}</div>`}`;
}

export interface OptimiserView {
  decision: string | null;
  reason: string | null;
  mode: string | null;
  next: string | null;
  nextAction: unknown;
  planned: number | null;
  savings: number | null;
}

/** The optimiser's decision, reason, next change, planned SoC and today's savings. */
export function optimiserSection(v: OptimiserView, loc: Loc): TemplateResult {
  if (v.decision === null && v.reason === null && v.mode === null) {
    return html`<div class="section optimiser"><div class="section-title">${t(loc, "dash.optimiser")}</div>
      <div class="muted">${t(loc, "dash.optimiser_missing")}</div></div>`;
  }
  const modeName = v.mode && `mode.${v.mode}` in loc.strings ? t(loc, `mode.${v.mode}` as StringKey) : v.mode;
  const meta = [
    v.next
      ? html`<span class="next"
          >${t(loc, "dash.next", {
            action: typeof v.nextAction === "string" ? actionName(loc, v.nextAction) : t(loc, "action.change"),
            time: formatClock(v.next, loc),
          })}</span
        >`
      : null,
    v.planned === null ? null : html`<span>${t(loc, "dash.planned_soc", { soc: formatPercent(v.planned, loc) })}</span>`,
    v.savings === null ? null : html`<span>${t(loc, "dash.saved_today", { amount: formatAud(v.savings, loc) })}</span>`,
  ].filter((x) => x !== null);
  return html`<div class="section optimiser">
    <div class="section-title">${t(loc, "dash.optimiser")}${modeName ? html` · <span class="mode">${modeName}</span>` : nothing}</div>
    <div class="decision a-${v.decision ?? "idle"}"><span class="dot"></span>${actionName(loc, v.decision)}</div>
    ${v.reason ? html`<div class="reason">${v.reason}</div>` : nothing}
    <div class="muted opt-meta">${meta.map((m, i) => (i ? html` · ${m}` : m))}</div>
  </div>`;
}
