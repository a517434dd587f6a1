// sigenstor-dashboard-card: SoC, power flow, prices, override banner, controls, optimiser, energy.
import { html, nothing, type TemplateResult } from "lit";
import { callAction, callWithResponse, errorMessage } from "../api";
import type { CardConfig } from "../ha";
import { durationField, validateDashboard, type DashboardConfig } from "../logic/config";
import { ENERGY_KEYS, energyBalance, statisticChange, type EnergyToday } from "../logic/energy";
import { isOn, numericState, powerKw, textState, unitOf } from "../logic/entities";
import { computeFlows } from "../logic/flow";
import { formatAud, formatClock, formatMinutes, humanise } from "../logic/format";
import { remainingMinutes } from "../logic/override";
import { summarise, toPoints, type PricePoint, type PriceForecastResponse } from "../logic/prices";
import { SigenCard } from "./base";
import { ensureHaForm } from "./editor";
import { energyTiles, flowDiagram, gauge, priceTrend } from "./parts";
import { dashboardStyles } from "./dashboard-styles";
import { baseStyles } from "./styles";

type Force = "force_charge" | "force_hold" | "force_export";

interface Dialog {
  action: Force;
  power: number;
  soc: number;
  minutes: number;
  source: "grid" | "pv";
}

export class SigenstorDashboardCard extends SigenCard<DashboardConfig> {
  static override properties = {
    ...SigenCard.properties,
    _buy: { state: true },
    _feedIn: { state: true },
    _energy: { state: true },
    _dialog: { state: true },
    _busy: { state: true },
    _now: { state: true },
  };
  static override styles = [baseStyles, dashboardStyles];

  declare _buy: PricePoint[];
  declare _feedIn: PricePoint[];
  declare _energy: EnergyToday;
  declare _dialog: Dialog | undefined;
  declare _busy: boolean;
  declare _now: number;
  private _tick: ReturnType<typeof setInterval> | undefined;
  private _created = performance.now();
  private _lastPriceUpdate: string | undefined;

  constructor() {
    super();
    this._buy = [];
    this._feedIn = [];
    this._energy = {};
    this._busy = false;
    this._now = Date.now();
  }

  static getStubConfig(): CardConfig {
    return { type: "custom:sigenstor-dashboard-card" };
  }

  static async getConfigElement(): Promise<HTMLElement> {
    await ensureHaForm();
    return document.createElement("sigenstor-dashboard-card-editor");
  }

  getCardSize(): number {
    return 10;
  }

  getGridOptions(): Record<string, unknown> {
    return { columns: 12, rows: "auto", min_columns: 6 };
  }

  protected validate(config: CardConfig) {
    return validateDashboard(config);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The banner counts down between the controller's updates.
    this._tick ??= setInterval(() => (this._now = Date.now()), 30_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this._tick) clearInterval(this._tick);
    this._tick = undefined;
  }

  protected override firstUpdated(): void {
    // For the e2e run: time from element creation to the first rendered frame of content.
    const ms = performance.now() - this._created;
    this.dataset["firstRenderMs"] = ms.toFixed(1);
    try {
      performance.measure?.("sigenstor-dashboard-card:first-render", { start: this._created, duration: ms });
    } catch {
      // performance.measure with options is missing in some test DOMs; the data attribute stays.
    }
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    // A new current price means Amber refreshed: fetch the forecast again.
    const price = this.ent("general_price", "sensor")?.last_updated;
    if (changed.has("hass") && price && this._lastPriceUpdate && price !== this._lastPriceUpdate) {
      void this.fetchPrices();
    }
    this._lastPriceUpdate = price ?? this._lastPriceUpdate;
  }

  protected async refresh(): Promise<void> {
    await Promise.all([this.fetchPrices(), this.fetchEnergy()]);
  }

  private async fetchPrices(): Promise<void> {
    if (!this.hass || this._config?.show_prices === false) return;
    if (!this.eid("general_price", "sensor") && !this.eid("feed_in_earnings_rate", "sensor")) {
      // No Amber: nothing to ask for (the action would fail and Home Assistant log an error).
      this._buy = [];
      this._feedIn = [];
      return;
    }
    try {
      const entryId = await this.entryId();
      if (!entryId) return;
      const res = await callWithResponse<PriceForecastResponse>(this.hass, "get_price_forecast", {
        config_entry_id: entryId,
      });
      this._buy = toPoints(res?.general, "per_kwh");
      this._feedIn = toPoints(res?.feed_in, "feed_in_earn");
    } catch {
      // No Amber set up or no prices yet: the card shows the price sensors only.
      this._buy = [];
      this._feedIn = [];
    }
  }

  private async fetchEnergy(): Promise<void> {
    const hass = this.hass;
    if (!hass || this._config?.show_energy === false) return;
    const today: EnergyToday = {};
    await Promise.all(
      ENERGY_KEYS.map(async (key) => {
        const id = this.eid(key, "sensor");
        if (!id) return;
        try {
          const res = await hass.callWS({
            type: "recorder/statistic_during_period",
            statistic_id: id,
            calendar: { period: "day" },
            types: ["change"],
            units: { energy: "kWh" },
          });
          today[key] = statisticChange(res);
        } catch {
          today[key] = null;
        }
      }),
    );
    this._energy = today;
  }

  private async run(service: string, data: Record<string, unknown> = {}): Promise<void> {
    if (!this.hass) return;
    this._busy = true;
    this._error = undefined;
    try {
      const entryId = await this.entryId();
      if (!entryId) throw new Error("No SigenStor config entry found");
      await callAction(this.hass, service, { config_entry_id: entryId, ...data });
      this._dialog = undefined;
    } catch (err) {
      this._error = errorMessage(err);
    } finally {
      this._busy = false;
    }
  }

  private force(action: Force): void {
    const c = this._config!;
    const dialog: Dialog = {
      action,
      power: action === "force_export" ? c.export_power : c.charge_power,
      soc: action === "force_export" ? c.export_floor_soc : c.charge_target_soc,
      minutes: c.duration_minutes,
      source: c.charge_source,
    };
    if (c.confirm) this._dialog = dialog;
    else void this.submit(dialog);
  }

  private submit(d: Dialog): Promise<void> {
    const duration = durationField(d.minutes);
    if (d.action === "force_charge") {
      return this.run(d.action, { power: d.power, target_soc: d.soc, source: d.source, ...duration });
    }
    if (d.action === "force_export") return this.run(d.action, { power: d.power, floor_soc: d.soc, ...duration });
    return this.run(d.action, duration);
  }

  protected override render(): TemplateResult | typeof nothing {
    const c = this._config;
    if (!c) return nothing;
    const soc = numericState(this.ent("battery_soc", "sensor"));
    const tempEntity = this.ent("battery_temperature", "sensor");
    const readings = {
      pv: powerKw(this.ent("pv_power", "sensor")),
      battery: powerKw(this.ent("battery_power", "sensor")),
      grid: powerKw(this.ent("grid_power", "sensor")),
      house: powerKw(this.ent("house_load", "sensor")),
    };
    const flows = computeFlows(readings);
    const maxKw = Math.max(
      5,
      numericState(this.ent("rated_charge_power", "sensor")) ?? 0,
      numericState(this.ent("rated_discharge_power", "sensor")) ?? 0,
    );
    const found = Object.values(readings).some((v) => v !== null) || soc !== null;
    return html`<ha-card>
      ${c.title ? html`<div class="header"><span class="title">${c.title}</span></div>` : nothing}
      ${this.renderBanner()}
      ${found
        ? nothing
        : html`<div class="warning missing">No SigenStor entities found. Is the integration set up?</div>`}
      <div class="top">
        ${gauge(soc, numericState(tempEntity), unitOf(tempEntity) ?? "°C")}
        ${flowDiagram(flows, readings, maxKw)}
      </div>
      ${c.show_prices ? this.renderPrices(c) : nothing} ${this.renderOptimiser()}
      ${c.show_controls ? this.renderControls() : nothing}
      ${c.show_energy ? this.renderEnergy() : nothing}
      ${this._error ? html`<div class="error">${this._error}</div>` : nothing}
      ${this._warnings.map((w) => html`<div class="warning">${w}</div>`)}
    </ha-card>`;
  }

  private renderBanner(): TemplateResult | typeof nothing {
    if (isOn(this.ent("emergency_stop", "binary_sensor"))) {
      return html`<div class="banner estop" role="alert">
        <span class="banner-title">EMERGENCY STOP</span>
        <span class="banner-sub">Battery control is released and automatic writes are blocked.</span>
        <button class="release" ?disabled=${this._busy} @click=${() => this.run("clear_emergency_stop")}>
          Release
        </button>
      </div>`;
    }
    const control = textState(this.ent("control_state", "sensor"));
    if (control === "external") {
      return html`<div class="banner external" role="alert">
        <span class="banner-title">ANOTHER CONTROLLER</span>
        <span class="banner-sub">
          Remote EMS is held by another controller (a VPP or the app). Home Assistant writes nothing
          automatically until it hands back.
        </span>
        <button class="release" ?disabled=${this._busy} @click=${() => this.run("clear_override")}>
          Take back
        </button>
      </div>`;
    }
    const override = this.ent("override_active", "binary_sensor");
    if (!isOn(override)) {
      if (control === "releasing") {
        return html`<div class="banner releasing" role="status">
          <span class="banner-title">RELEASING</span>
          <span class="banner-sub">Waiting for the plant to confirm that remote control is released.</span>
        </div>`;
      }
      if (override?.attributes?.problem === "not_confirmed") {
        return html`<div class="banner unconfirmed" role="status">
          <span class="banner-title">NOT CONFIRMED</span>
          <span class="banner-sub">The plant did not take the last command, so control was released.</span>
        </div>`;
      }
      return nothing;
    }
    const remaining = this.ent("override_remaining", "sensor");
    const left = remainingMinutes(numericState(remaining), remaining?.last_updated, this._now);
    const mode = textState(this.ent("override_mode", "select"));
    return html`<div class="banner override" role="status">
      <span class="banner-title">OVERRIDE ACTIVE</span>
      <span class="banner-sub">
        ${mode && mode.startsWith("force_") ? humanise(mode) : "Manual control"} ·
        <span class="time-left">${left === null ? "until cleared" : `${formatMinutes(left)} left`}</span>
      </span>
    </div>`;
  }

  private renderPrices(c: DashboardConfig): TemplateResult {
    const buy = summarise(this._buy, this._now, c.price_hours);
    const feedIn = summarise(this._feedIn, this._now, c.price_hours);
    // Sensors fill in the current prices when the forecast action is unavailable.
    buy.now ??= numericState(this.ent("general_price", "sensor"));
    feedIn.now ??= numericState(this.ent("feed_in_earnings_rate", "sensor"));
    if (buy.now === null && feedIn.now === null && buy.points.length === 0) return html``;
    return html`<div class="section">
      <div class="section-title">Amber prices</div>
      ${priceTrend(buy, feedIn, this._now, c.price_hours)}
    </div>`;
  }

  private renderOptimiser(): TemplateResult {
    const decision = textState(this.ent("optimiser_decision", "sensor"));
    const reason = textState(this.ent("optimiser_reason", "sensor"));
    const next = this.ent("optimiser_next_change", "sensor");
    const mode = textState(this.ent("optimiser_mode", "select"));
    const planned = numericState(this.ent("planned_soc", "sensor"));
    const savings = numericState(this.ent("savings_today", "sensor"));
    if (decision === null && reason === null && mode === null) {
      return html`<div class="section optimiser"><div class="section-title">Optimiser</div>
        <div class="muted">Optimiser not available</div></div>`;
    }
    const nextAction = next?.attributes["action"];
    return html`<div class="section optimiser">
      <div class="section-title">Optimiser${mode ? html` · <span class="mode">${mode}</span>` : nothing}</div>
      <div class="decision a-${decision ?? "idle"}"><span class="dot"></span>${humanise(decision)}</div>
      ${reason ? html`<div class="reason">${reason}</div>` : nothing}
      <div class="muted opt-meta">
        ${textState(next)
          ? html`Next: <span class="next">${typeof nextAction === "string" ? humanise(nextAction) : "change"} at
              ${formatClock(textState(next))}</span>`
          : nothing}
        ${planned === null ? nothing : html` · planned SoC ${Math.round(planned)} %`}
        ${savings === null ? nothing : html` · saved today ${formatAud(savings)}`}
      </div>
    </div>`;
  }

  private renderControls(): TemplateResult {
    const d = this._dialog;
    const estop = isOn(this.ent("emergency_stop", "binary_sensor"));
    const b = (action: string, label: string, cls = "", handler?: () => void) =>
      html`<button
        class="ctl ${cls}"
        data-action=${action}
        ?disabled=${this._busy || (estop && action !== "emergency_stop")}
        @click=${handler ?? (() => this.force(action as Force))}
      >
        ${label}
      </button>`;
    return html`<div class="section controls">
      <div class="buttons">
        ${b("force_charge", "Charge")} ${b("force_hold", "Hold")} ${b("force_export", "Export")}
        ${b("clear_override", "Stop", "", () => void this.run("clear_override"))}
        ${b("emergency_stop", "E-stop", "danger", () => void this.run("emergency_stop"))}
      </div>
      ${d ? this.renderDialog(d) : nothing}
    </div>`;
  }

  private renderDialog(d: Dialog): TemplateResult {
    const set = (patch: Partial<Dialog>) => (this._dialog = { ...d, ...patch });
    const numberInput = (value: number, min: number, max: number, step: number, key: keyof Dialog) =>
      html`<input
        type="number"
        name=${key}
        .value=${String(value)}
        min=${min}
        max=${max}
        step=${step}
        @change=${(e: Event) => {
          const v = Number((e.target as HTMLInputElement).value);
          if (Number.isFinite(v)) set({ [key]: Math.min(max, Math.max(min, v)) } as Partial<Dialog>);
        }}
      />`;
    const title = { force_charge: "Force charge", force_hold: "Force hold", force_export: "Force export" }[d.action];
    return html`<div class="dialog" role="dialog" aria-label=${title}>
      <div class="dialog-title">${title}</div>
      <div class="dialog-fields">
        ${d.action === "force_hold"
          ? nothing
          : html`<label class="field">Power (kW) ${numberInput(d.power, 0.1, 50, 0.1, "power")}</label>
              <label class="field"
                >${d.action === "force_charge" ? "Stop at SoC (%)" : "Floor SoC (%)"}
                ${numberInput(d.soc, 0, 100, 1, "soc")}</label
              >`}
        ${d.action === "force_charge"
          ? html`<label class="field"
              >From
              <select
                name="source"
                @change=${(e: Event) => set({ source: (e.target as HTMLSelectElement).value === "pv" ? "pv" : "grid" })}
              >
                <option value="grid" ?selected=${d.source === "grid"}>Grid</option>
                <option value="pv" ?selected=${d.source === "pv"}>Solar only</option>
              </select></label
            >`
          : nothing}
        <label class="field">Minutes (0 = until cleared) ${numberInput(d.minutes, 0, 1440, 5, "minutes")}</label>
      </div>
      <div class="dialog-buttons">
        <button class="cancel" @click=${() => (this._dialog = undefined)}>Cancel</button>
        <button class="primary start" ?disabled=${this._busy} @click=${() => void this.submit(d)}>Start</button>
      </div>
    </div>`;
  }

  private renderEnergy(): TemplateResult {
    const balance = energyBalance(this._energy, numericState(this.ent("pv_energy_today", "sensor")));
    return html`<div class="section energy">
      <div class="section-title">Today</div>
      ${energyTiles(balance)}
    </div>`;
  }
}
