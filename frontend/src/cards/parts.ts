// Render helpers of the dashboard card: SoC gauge, power flow, price trend, energy tiles.
import { html, nothing, svg, type TemplateResult } from "lit";
import type { EnergyBalance } from "../logic/energy";
import { animationSeconds, netFlow, strokeWidth, type FlowResult, type Node } from "../logic/flow";
import { DASH, formatCents, formatKw, formatKwh } from "../logic/format";
import { arcPath, socLevel } from "../logic/gauge";
import { stepPath, valueRange, type PriceSummary } from "../logic/prices";

/** SoC gauge with the battery temperature underneath. */
export function gauge(soc: number | null, temperature: number | null, tempUnit: string): TemplateResult {
  const level = socLevel(soc);
  return html`<div class="gauge ${level}">
    <svg viewBox="0 0 100 100" role="img" aria-label="Battery ${soc === null ? "unknown" : `${soc} %`}">
      <path class="track" d=${arcPath(50, 50, 40, 0, 100)}></path>
      ${soc === null ? nothing : svg`<path class="value" d=${arcPath(50, 50, 40, 0, soc)}></path>`}
      <text x="50" y="52" class="soc-value">${soc === null ? DASH : `${Math.round(soc)}%`}</text>
      <text x="50" y="67" class="soc-label">battery</text>
    </svg>
    <div class="temp">${temperature === null ? DASH : `${temperature.toFixed(1)} ${tempUnit}`}</div>
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
export function flowDiagram(result: FlowResult, values: NodeValues, maxKw: number): TemplateResult {
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
    battery: battery === null || Math.abs(battery) < 0.01 ? "idle" : battery > 0 ? "charging" : "discharging",
    grid: grid === null || Math.abs(grid) < 0.01 ? "idle" : grid > 0 ? "importing" : "exporting",
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
        <span class="kw">${formatKw(shown[n])}</span>
        ${sub[n] ? html`<span class="sub">${sub[n]}</span>` : nothing}
      </div>`,
    )}
  </div>`;
}

/** Buy and feed-in now, and a small step chart of the next hours. */
export function priceTrend(buy: PriceSummary, feedIn: PriceSummary, nowMs: number, hours: number): TemplateResult {
  const t1 = nowMs + hours * 3_600_000;
  const [lo, hi] = valueRange([...buy.points.map((p) => p.value), ...feedIn.points.map((p) => p.value)]);
  const zeroY = 40 - ((0 - lo) / (hi - lo || 1)) * 40;
  const arrow = { rising: "↗", falling: "↘", flat: "→", unknown: "" } as const;
  const hasChart = buy.points.length > 0 || feedIn.points.length > 0;
  return html`<div class="prices">
    <div class="price buy">
      <span class="label">Buy</span>
      <span class="value ${buy.now !== null && buy.now < 0 ? "negative" : ""}">${formatCents(buy.now)}</span>
      <span class="trend" title=${buy.trend}>${arrow[buy.trend]}</span>
    </div>
    <div class="price feed-in">
      <span class="label">Feed-in</span>
      <span class="value ${feedIn.now !== null && feedIn.now < 0 ? "negative" : ""}">${formatCents(feedIn.now)}</span>
      <span class="trend" title=${feedIn.trend}>${arrow[feedIn.trend]}</span>
    </div>
    ${hasChart
      ? html`<svg class="spark" viewBox="0 0 200 40" preserveAspectRatio="none" aria-label="Prices, next ${hours} hours">
            ${lo < 0 ? svg`<line class="zero" x1="0" x2="200" y1=${zeroY} y2=${zeroY}></line>` : nothing}
            <path class="buy-line" d=${stepPath(buy.points, nowMs, t1, 200, 40, lo, hi)}></path>
            <path class="feed-line" d=${stepPath(feedIn.points, nowMs, t1, 200, 40, lo, hi)}></path>
          </svg>
          <div class="muted range">
            next ${hours} h: buy ${formatCents(buy.min)} to ${formatCents(buy.max)}
          </div>`
      : html`<div class="muted">No price forecast</div>`}
  </div>`;
}

/** Today's energy tiles. */
export function energyTiles(b: EnergyBalance): TemplateResult {
  const tile = (cls: string, label: string, value: number | null) =>
    html`<div class="tile ${cls}"><span class="muted">${label}</span><span class="v">${formatKwh(value)}</span></div>`;
  return html`<div class="tiles">
    ${tile("t-pv", "Solar", b.pv)} ${tile("t-load", "House", b.load)} ${tile("t-import", "Bought", b.imported)}
    ${tile("t-export", "Sold", b.exported)} ${tile("t-charge", "Charged", b.charged)}
    ${tile("t-discharge", "Discharged", b.discharged)}
  </div>
  ${b.selfSufficiency === null ? nothing : html`<div class="muted self">Self-sufficiency ${b.selfSufficiency} %</div>`}`;
}
