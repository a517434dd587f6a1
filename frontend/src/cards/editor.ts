// Visual editor: one ha-form per card, driven by a schema.
import { LitElement, css, html, nothing } from "lit";
import type { CardConfig, HomeAssistant } from "../ha";
import { stripEmpty } from "../logic/config";

export interface FormSchemaItem {
  name: string;
  selector?: Record<string, unknown>;
  type?: string;
  schema?: FormSchemaItem[];
  [key: string]: unknown;
}

const TITLE: FormSchemaItem = { name: "title", selector: { text: {} } };
const DEVICE: FormSchemaItem = { name: "device_id", selector: { device: { filter: { integration: "sigenstor" } } } };
const ENTRY: FormSchemaItem = { name: "entry_id", selector: { config_entry: { integration: "sigenstor" } } };
const num = (name: string, min: number, max: number, step: number, unit: string): FormSchemaItem => ({
  name,
  selector: { number: { min, max, step, unit_of_measurement: unit, mode: "box" } },
});
const bool = (name: string): FormSchemaItem => ({ name, selector: { boolean: {} } });
const grid = (...schema: FormSchemaItem[]): FormSchemaItem => ({ name: "", type: "grid", schema });

export const DASHBOARD_SCHEMA: FormSchemaItem[] = [
  TITLE,
  grid(DEVICE, ENTRY),
  grid(
    num("charge_power", 0.1, 50, 0.1, "kW"),
    num("charge_target_soc", 1, 100, 1, "%"),
    { name: "charge_source", selector: { select: { mode: "dropdown", options: ["grid", "pv"] } } },
    num("export_power", 0.1, 50, 0.1, "kW"),
    num("export_floor_soc", 0, 99, 1, "%"),
    num("duration_minutes", 0, 1440, 5, "min"),
    num("price_hours", 1, 24, 1, "h"),
  ),
  grid(bool("confirm"), bool("show_controls"), bool("show_prices"), bool("show_energy")),
];

export const PLAN_SCHEMA: FormSchemaItem[] = [
  TITLE,
  grid(DEVICE, ENTRY),
  grid(num("hours_ahead", 1, 48, 1, "h"), num("hours_back", 0, 24, 1, "h")),
];

export const SCHEDULE_SCHEMA: FormSchemaItem[] = [TITLE, grid(DEVICE, ENTRY)];

const LABELS: Record<string, string> = {
  title: "Title",
  device_id: "Plant device (optional)",
  entry_id: "Config entry (optional)",
  charge_power: "Force charge power",
  charge_target_soc: "Charge to SoC",
  charge_source: "Charge from",
  export_power: "Force export power",
  export_floor_soc: "Export down to SoC",
  duration_minutes: "Duration (0 = until cleared)",
  price_hours: "Price trend hours",
  confirm: "Ask before forcing",
  show_controls: "Show control buttons",
  show_prices: "Show prices",
  show_energy: "Show today's energy",
  hours_ahead: "Hours ahead",
  hours_back: "Hours back (history)",
};

/** Best effort: make HA load ha-form by asking a built-in card for its editor. */
export async function ensureHaForm(): Promise<void> {
  if (customElements.get("ha-form")) return;
  try {
    const loader = (window as unknown as { loadCardHelpers?: () => Promise<{ createCardElement(c: object): HTMLElement }> })
      .loadCardHelpers;
    if (!loader) return;
    const helpers = await loader();
    const card = helpers.createCardElement({ type: "entities", entities: [] });
    const ctor = card.constructor as unknown as { getConfigElement?: () => Promise<unknown> };
    await ctor.getConfigElement?.();
  } catch {
    // The editor falls back to YAML if ha-form never appears; nothing else to do.
  }
}

export class SigenCardEditor extends LitElement {
  static override properties = { hass: { attribute: false }, _config: { state: true } };
  static override styles = css`
    .hint {
      color: var(--secondary-text-color);
      font-size: 0.85em;
      margin-top: 8px;
    }
  `;
  declare hass: HomeAssistant | undefined;
  declare _config: CardConfig | undefined;
  protected schema: FormSchemaItem[] = [];
  protected hint = "";

  setConfig(config: CardConfig): void {
    this._config = config;
  }

  protected override render() {
    if (!this._config) return nothing;
    return html`<ha-form
        .hass=${this.hass}
        .data=${this._config}
        .schema=${this.schema}
        .computeLabel=${(item: FormSchemaItem) => LABELS[item.name] ?? item.name}
        @value-changed=${this._changed}
      ></ha-form>
      ${this.hint ? html`<div class="hint">${this.hint}</div>` : nothing}`;
  }

  private _changed(ev: CustomEvent<{ value: CardConfig }>): void {
    ev.stopPropagation();
    const config = stripEmpty({ ...ev.detail.value, type: this._config?.type ?? ev.detail.value.type });
    this._config = config;
    this.dispatchEvent(new CustomEvent("config-changed", { detail: { config }, bubbles: true, composed: true }));
  }
}

export class DashboardCardEditor extends SigenCardEditor {
  protected override schema = DASHBOARD_SCHEMA;
  protected override hint = "Entities are found automatically; pick a device only with several plants.";
}

export class PlanCardEditor extends SigenCardEditor {
  protected override schema = PLAN_SCHEMA;
}

export class ScheduleCardEditor extends SigenCardEditor {
  protected override schema = SCHEDULE_SCHEMA;
}
