// sigenstor-plan-card: the optimiser's plan as one SVG chart, with the recorded past hours.
import { css, html, nothing, svg, type TemplateResult } from "lit";
import { callWithResponse } from "../api";
import type { CardConfig } from "../ha";
import { validatePlan, type PlanConfig } from "../logic/config";
import { actionName, t } from "../i18n";
import { isOn, numericState, textState } from "../logic/entities";
import { DASH, formatCents, formatClock, formatKw, formatMinutes, formatPercent, usesAmPm } from "../logic/format";
import { remainingMinutes } from "../logic/override";
import {
  ACTIONS,
  historySamples,
  layoutPlan,
  parseSteps,
  reserveOf,
  stepAt,
  valuesAt,
  type PlanHistory,
  type PlanResponse,
  type Step,
} from "../logic/plan";
import { SigenCard } from "./base";
import { ensureHaForm } from "./editor";
import { baseStyles } from "./styles";

const HISTORY_KEYS = { soc: "battery_soc", pv: "pv_power", load: "house_load", price: "general_price" } as const;

export class SigenstorPlanCard extends SigenCard<PlanConfig> {
  static override properties = {
    ...SigenCard.properties,
    _plan: { state: true },
    _history: { state: true },
    _width: { state: true },
    _selected: { state: true },
    _loaded: { state: true },
  };
  static override styles = [
    baseStyles,
    css`
      .chart {
        width: 100%;
        display: block;
        touch-action: pan-y;
      }
      .chart text {
        font-size: 10px;
        fill: var(--sg-muted);
      }
      .soc {
        fill: none;
        stroke: var(--sg-soc);
        stroke-width: 2;
      }
      .cursor {
        stroke: var(--sg-muted);
        stroke-width: 1;
      }
      .override {
        font-size: 0.85em;
        border-radius: 6px;
        padding: 4px 8px;
        margin-bottom: 6px;
        background: var(--sg-warning);
        color: #1a1a1a;
      }
      .override.estop {
        background: var(--sg-error);
        color: var(--text-primary-color, #fff);
      }
      .tip .sw {
        display: inline-block;
        width: 8px;
        height: 8px;
        border-radius: 2px;
        margin-right: 3px;
        background: var(--a);
      }
      .pv {
        fill: color-mix(in srgb, var(--sg-solar) 30%, transparent);
        stroke: var(--sg-solar);
        stroke-width: 1;
      }
      .load {
        fill: none;
        stroke: var(--sg-house);
        stroke-width: 1.2;
        opacity: 0.7;
      }
      .buy {
        fill: none;
        stroke: var(--sg-grid-in);
        stroke-width: 1.5;
      }
      .feed {
        fill: none;
        stroke: var(--sg-grid-out);
        stroke-width: 1.2;
        stroke-dasharray: 3 2;
      }
      .plan {
        stroke-dasharray: 5 3;
      }
      .pv.plan {
        stroke-dasharray: none;
        opacity: 0.7;
      }
      .grid-line,
      .zero {
        stroke: var(--sg-line);
        stroke-width: 1;
      }
      .zero {
        stroke: var(--sg-muted);
        stroke-dasharray: 2 2;
      }
      .now {
        stroke: var(--sg-accent);
        stroke-width: 1.5;
      }
      .block {
        fill: var(--a, var(--sg-idle));
      }
      .sel {
        fill: var(--sg-accent);
        opacity: 0.12;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 10px;
        font-size: 0.8em;
        color: var(--sg-muted);
        margin-top: 4px;
      }
      .legend span::before {
        content: "";
        display: inline-block;
        width: 10px;
        height: 10px;
        border-radius: 2px;
        margin-right: 4px;
        vertical-align: -1px;
        background: var(--a, var(--sg-idle));
      }
      .detail,
      .tip {
        font-size: 0.85em;
        margin-top: 6px;
        border-top: 1px solid var(--sg-line);
        padding-top: 6px;
      }
    `,
  ];

  declare _plan: PlanResponse | null;
  declare _history: PlanHistory;
  declare _width: number;
  declare _selected: number | undefined;
  declare _loaded: boolean;
  private _observer: ResizeObserver | undefined;

  constructor() {
    super();
    this._plan = null;
    this._history = { soc: [], pv: [], load: [], price: [] };
    this._width = 360;
    this._loaded = false;
  }

  static getStubConfig(): CardConfig {
    return { type: "custom:sigenstor-plan-card", hours_ahead: 24, hours_back: 6 };
  }

  static async getConfigElement(): Promise<HTMLElement> {
    await ensureHaForm();
    return document.createElement("sigenstor-plan-card-editor");
  }

  getCardSize(): number {
    return 6;
  }

  getGridOptions(): Record<string, unknown> {
    return { columns: 12, rows: "auto", min_columns: 6 };
  }

  protected validate(config: CardConfig) {
    return validatePlan(config);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (typeof ResizeObserver !== "undefined") {
      this._observer ??= new ResizeObserver((entries) => {
        const w = Math.round(entries[0]?.contentRect.width ?? 0);
        // Draw in real pixels so text keeps its size; ignore sub-pixel jitter.
        if (w > 0 && Math.abs(w - this._width) > 4) this._width = w;
      });
      this._observer.observe(this);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._observer?.disconnect();
    this._observer = undefined;
  }

  protected async refresh(): Promise<void> {
    await Promise.all([this.fetchPlan(), this.fetchHistory()]);
    this._loaded = true;
  }

  private async fetchPlan(): Promise<void> {
    if (!this.hass) return;
    try {
      const entryId = await this.entryId();
      if (!entryId) return;
      this._plan = await callWithResponse<PlanResponse>(this.hass, "get_plan", { config_entry_id: entryId });
    } catch {
      // No plan yet (optimiser off or not run): the chart shows history only.
      this._plan = null;
    }
  }

  private async fetchHistory(): Promise<void> {
    const hours = this._config?.hours_back ?? 0;
    const hass = this.hass;
    if (!hass || hours <= 0) return;
    const ids = Object.fromEntries(
      Object.entries(HISTORY_KEYS).map(([k, key]) => [k, this.eid(key, "sensor")]),
    ) as Record<keyof PlanHistory, string | undefined>;
    const list = Object.values(ids).filter((id): id is string => !!id);
    if (!list.length) return;
    const end = new Date();
    try {
      const res = await hass.callWS({
        type: "history/history_during_period",
        start_time: new Date(end.getTime() - hours * 3_600_000).toISOString(),
        end_time: end.toISOString(),
        entity_ids: list,
        minimal_response: true,
        no_attributes: true,
        significant_changes_only: false,
      });
      this._history = {
        soc: historySamples(res, ids.soc),
        pv: historySamples(res, ids.pv),
        load: historySamples(res, ids.load),
        price: historySamples(res, ids.price),
      };
    } catch {
      // The recorder may be off; the plan alone still draws.
    }
  }

  protected override render(): TemplateResult | typeof nothing {
    const c = this._config;
    if (!c) return nothing;
    const steps = parseSteps(this._plan);
    const now = Date.now();
    const width = Math.max(240, this._width - 28);
    const height = Math.round(Math.min(260, Math.max(180, width * 0.5)));
    const reserve = reserveOf(this._plan);
    const layout = layoutPlan(steps, this._history, now, {
      reserve,
      width,
      height,
      hoursAhead: c.hours_ahead,
      hoursBack: c.hours_back,
      tickLabel: (t) =>
        usesAmPm(this.loc) ? formatClock(t, this.loc).replace(/:00/, "") : formatClock(t, this.loc).slice(0, 2),
    });
    const decision = this._plan?.decision;
    const present = new Set(layout.actions.blocks.map((b) => b.action));
    const loc = this.loc;
    const mode = this._plan?.mode;
    return html`<ha-card>
      <div class="header">
        <span class="title">${c.title ?? this.tr("plan.title")}</span>
        ${mode ? html`<span class="muted mode">${`mode.${mode}` in loc.strings ? t(loc, `mode.${mode}` as "mode.auto") : mode}</span>` : nothing}
      </div>
      ${this.renderOverride()}
      ${decision
        ? html`<div class="decision"><b>${actionName(loc, decision)}</b>${this._plan?.reason ? html` · ${this._plan.reason}` : nothing}</div>`
        : nothing}
      ${layout.empty
        ? html`<div class="muted empty">${this._loaded ? this.tr("plan.empty") : this.tr("common.loading")}</div>`
        : this.renderChart(layout, steps)}
      <div class="legend">
        <span class="l-soc" style="--a:var(--sg-soc)">${this.tr("plan.soc")}</span
        ><span style="--a:var(--sg-solar)">${this.tr("plan.pv")}</span
        ><span style="--a:var(--sg-house)">${this.tr("plan.load")}</span
        ><span style="--a:var(--sg-grid-in)">${this.tr("plan.buy")}</span
        ><span style="--a:var(--sg-grid-out)">${this.tr("plan.feed_in")}</span>
        ${reserve === null ? nothing : html`<span class="l-reserve" style="--a:var(--sg-soc)">${this.tr("plan.reserve", { soc: formatPercent(reserve, loc) })}</span>`}
        ${ACTIONS.filter((a) => present.has(a)).map((a) => html`<span class="a-${a}">${actionName(loc, a)}</span>`)}
      </div>
      ${this._selected === undefined ? nothing : this.renderTip(steps, this._selected, now)}
      ${this._warnings.map((w) => html`<div class="warning">${w}</div>`)}
    </ha-card>`;
  }

  private renderChart(l: ReturnType<typeof layoutPlan>, steps: Step[]): TemplateResult {
    // Hover (or a tap on a touch screen) shows the values under the pointer.
    const select = (ev: PointerEvent) => {
      const rect = (ev.currentTarget as SVGElement).getBoundingClientRect();
      if (!(rect.width > 0)) return;
      const frac = Math.min(1, Math.max(0, (ev.clientX - rect.left) / rect.width));
      this._selected = l.t0 + frac * (l.t1 - l.t0);
    };
    const leave = (ev: PointerEvent) => {
      if (ev.pointerType === "mouse") this._selected = undefined;
    };
    const sel = this._selected === undefined ? undefined : stepAt(steps, this._selected);
    const loc = this.loc;
    const x = (t: number) => ((Math.min(Math.max(t, l.t0), l.t1) - l.t0) / (l.t1 - l.t0)) * l.width;
    return html`<svg
      class="chart"
      viewBox="0 0 ${l.width} ${l.height}"
      role="img"
      aria-label=${this.tr("plan.aria")}
      @pointerdown=${select}
      @pointermove=${select}
      @pointerleave=${leave}
    >
      <line class="grid-line" x1="0" x2=${l.width} y1=${l.main.bottom} y2=${l.main.bottom}></line>
      ${l.ticks.map(
        (t) => svg`<line class="grid-line" x1=${t.x} x2=${t.x} y1=${l.main.top} y2=${l.actions.bottom}></line>
          <text x=${t.x + 2} y=${l.height - 2}>${t.label}</text>`,
      )}
      ${sel ? svg`<rect class="sel" x=${x(sel.start)} width=${x(sel.end) - x(sel.start)} y="0" height=${l.height}></rect>` : nothing}
      ${this._selected === undefined
        ? nothing
        : svg`<line class="cursor" x1=${x(this._selected)} x2=${x(this._selected)} y1=${l.main.top} y2=${l.actions.bottom}></line>`}
      <path class="pv past" d=${l.paths.pvPast}></path>
      <path class="pv plan" d=${l.paths.pvPlan}></path>
      <path class="load past" d=${l.paths.loadPast}></path>
      <path class="load plan" d=${l.paths.loadPlan}></path>
      <path class="soc past" d=${l.paths.socPast}></path>
      <path class="soc plan" d=${l.paths.socPlan}></path>
      ${l.reserveY === null ? nothing : svg`<line class="zero reserve" style="stroke:var(--sg-soc)" x1="0" x2=${l.width} y1=${l.reserveY} y2=${l.reserveY}></line>`}
      ${l.price.lo < 0 ? svg`<line class="zero" x1="0" x2=${l.width} y1=${l.price.zeroY} y2=${l.price.zeroY}></line>` : nothing}
      <path class="buy past" d=${l.paths.pricePast}></path>
      <path class="buy plan" d=${l.paths.buyPlan}></path>
      <path class="feed plan" d=${l.paths.feedInPlan}></path>
      ${l.actions.blocks.map(
        (b) => svg`<rect class="block a-${b.action}" data-action=${b.action} x=${b.x} y=${l.actions.top}
          width=${Math.max(0.5, b.w)} height=${l.actions.bottom - l.actions.top}><title>${actionName(loc, b.action)} ${formatClock(b.start, loc)}–${formatClock(b.end, loc)}</title></rect>`,
      )}
      <line class="now" x1=${l.nowX} x2=${l.nowX} y1=${l.main.top} y2=${l.actions.bottom}></line>
      <text x="2" y=${l.main.top + 9}>${l.main.maxKw} kW</text>
      <text x=${l.width - 2} y=${l.main.top + 9} text-anchor="end">${formatPercent(100, loc)}</text>
      <text x="2" y=${l.price.top + 9}>${formatCents(l.price.hi, loc)}</text>
      ${l.price.lo < 0 ? svg`<text x="2" y=${l.price.bottom - 2}>${formatCents(l.price.lo, loc)}</text>` : nothing}
    </svg>`;
  }

  /** The values under the pointer: planned ahead of now, recorded before. */
  private renderTip(steps: Step[], at: number, now: number): TemplateResult | typeof nothing {
    const v = valuesAt(steps, this._history, at, now);
    if (!v) return nothing;
    const loc = this.loc;
    const step = v.planned ? stepAt(steps, at) : undefined;
    const item = (cls: string, colour: string, label: string, value: string) =>
      html`<span class=${cls}><span class="sw" style="--a:${colour}"></span>${label} ${value}</span>`;
    return html`<div class="tip" role="status">
      <b class="at">${step ? `${formatClock(step.start, loc)}–${formatClock(step.end, loc)}` : formatClock(at, loc)}</b>
      <span class="muted">${this.tr(v.planned ? "plan.planned" : "plan.recorded")}</span>
      ${step ? html`· <span class="a-${step.action}">${actionName(loc, step.action)}</span>` : nothing}
      ${step && step.powerKw !== null ? html` ${formatKw(step.powerKw, loc)}` : nothing}<br />
      ${item("v-soc", "var(--sg-soc)", this.tr("plan.soc"), v.soc === null ? DASH : formatPercent(v.soc, loc))} ·
      ${item("v-pv", "var(--sg-solar)", this.tr("plan.pv"), formatKw(v.pv, loc))} ·
      ${item("v-load", "var(--sg-house)", this.tr("plan.load"), formatKw(v.load, loc))} ·
      ${item("v-buy", "var(--sg-grid-in)", this.tr("plan.buy"), formatCents(v.buy, loc))}
      ${v.feedIn === null ? nothing : html` · ${item("v-feed", "var(--sg-grid-out)", this.tr("plan.feed_in"), formatCents(v.feedIn, loc))}`}
      ${step?.reason ? html`<div class="muted">${step.reason}</div>` : nothing}
    </div>`;
  }

  /** The owner's override (or an emergency stop) outranks the plan: say so above the chart. */
  private renderOverride(): TemplateResult | typeof nothing {
    if (isOn(this.ent("emergency_stop", "binary_sensor"))) {
      return html`<div class="override estop" role="status">${this.tr("plan.estop")}</div>`;
    }
    if (!isOn(this.ent("override_active", "binary_sensor"))) return nothing;
    const mode = textState(this.ent("override_mode", "select"));
    const remaining = this.ent("override_remaining", "sensor");
    const left = remainingMinutes(numericState(remaining), remaining?.last_updated, Date.now());
    return html`<div class="override" role="status">
      ${this.tr("plan.override", {
        mode: mode && mode.startsWith("force_") ? actionName(this.loc, mode) : this.tr("common.manual_control"),
        left: left === null ? this.tr("common.until_cleared") : this.tr("common.time_left", { time: formatMinutes(left) }),
      })}
    </div>`;
  }
}
