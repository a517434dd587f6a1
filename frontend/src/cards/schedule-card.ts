// sigenstor-schedule-card: week view of the owner's schedules with create/edit/toggle/delete.
import { css, html, nothing, type TemplateResult } from "lit";
import { callAction, callWithResponse, errorMessage } from "../api";
import type { CardConfig } from "../ha";
import { validateSchedule, type ScheduleConfig } from "../logic/config";
import {
  DAYS,
  SCHEDULE_ACTIONS,
  emptyForm,
  formFromSchedule,
  parseSchedules,
  scheduleServiceData,
  toggleData,
  weekBlocks,
  type Day,
  type Schedule,
  type ScheduleForm,
} from "../logic/schedule";
import { humanise } from "../logic/format";
import { SigenCard } from "./base";
import { ensureHaForm } from "./editor";
import { baseStyles } from "./styles";

const HOUR_PX = 11;

export class SigenstorScheduleCard extends SigenCard<ScheduleConfig> {
  static override properties = {
    ...SigenCard.properties,
    _schedules: { state: true },
    _form: { state: true },
    _formErrors: { state: true },
    _busy: { state: true },
    _confirmDelete: { state: true },
    _loaded: { state: true },
  };
  static override styles = [
    baseStyles,
    css`
      .week {
        display: grid;
        grid-template-columns: 26px repeat(7, 1fr);
        gap: 0 2px;
      }
      .day-head {
        text-align: center;
        font-size: 0.75em;
        color: var(--sg-muted);
        text-transform: capitalize;
      }
      .hours,
      .col {
        position: relative;
        height: ${24 * HOUR_PX}px;
      }
      .col {
        background: var(--secondary-background-color, rgba(127, 127, 127, 0.06));
        border-radius: 4px;
      }
      .hours span {
        position: absolute;
        right: 2px;
        font-size: 0.65em;
        color: var(--sg-muted);
        transform: translateY(-50%);
      }
      .blk {
        position: absolute;
        box-sizing: border-box;
        border-radius: 3px;
        background: color-mix(in srgb, var(--a) 75%, transparent);
        border-left: 3px solid var(--a);
        font-size: 0.65em;
        line-height: 1.1;
        color: var(--primary-text-color);
        overflow: hidden;
        padding: 1px 2px;
        cursor: pointer;
        min-height: 3px;
      }
      .blk.off {
        background: repeating-linear-gradient(
          45deg,
          transparent 0 3px,
          color-mix(in srgb, var(--a) 35%, transparent) 3px 6px
        );
      }
      .list {
        display: flex;
        flex-direction: column;
        gap: 4px;
      }
      .row {
        display: flex;
        align-items: center;
        gap: 6px;
        flex-wrap: wrap;
      }
      .row .name {
        flex: 1 1 120px;
        min-width: 0;
      }
      .row .swatch {
        width: 10px;
        height: 10px;
        border-radius: 2px;
        background: var(--a);
      }
      .row button {
        min-height: 30px;
        padding: 2px 8px;
      }
      .form {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(120px, 1fr));
        gap: 6px;
      }
      .days {
        grid-column: 1 / -1;
        display: flex;
        flex-wrap: wrap;
        gap: 2px 8px;
        font-size: 0.85em;
      }
      .form-buttons {
        grid-column: 1 / -1;
        display: flex;
        justify-content: flex-end;
        gap: 6px;
      }
    `,
  ];

  declare _schedules: Schedule[];
  declare _form: ScheduleForm | undefined;
  declare _formErrors: Partial<Record<keyof ScheduleForm, string>>;
  declare _busy: boolean;
  declare _confirmDelete: string | undefined;
  declare _loaded: boolean;

  constructor() {
    super();
    this._schedules = [];
    this._formErrors = {};
    this._busy = false;
    this._loaded = false;
    this.refreshMs = 600_000;
  }

  static getStubConfig(): CardConfig {
    return { type: "custom:sigenstor-schedule-card" };
  }

  static async getConfigElement(): Promise<HTMLElement> {
    await ensureHaForm();
    return document.createElement("sigenstor-schedule-card-editor");
  }

  getCardSize(): number {
    return 8;
  }

  getGridOptions(): Record<string, unknown> {
    return { columns: 12, rows: "auto", min_columns: 6 };
  }

  protected validate(config: CardConfig) {
    return validateSchedule(config);
  }

  protected async refresh(): Promise<void> {
    if (!this.hass) return;
    try {
      const entryId = await this.entryId();
      if (!entryId) {
        this._error = "No SigenStor config entry found";
        return;
      }
      const res = await callWithResponse<unknown>(this.hass, "list_schedules", { config_entry_id: entryId });
      this._schedules = parseSchedules(res);
      this._error = undefined;
    } catch (err) {
      this._error = `Schedules unavailable: ${errorMessage(err)}`;
    } finally {
      this._loaded = true;
    }
  }

  /** Run a change, then reload the list; errors stay on the card. */
  private async change(service: string, data: Record<string, unknown>): Promise<boolean> {
    if (!this.hass) return false;
    this._busy = true;
    try {
      const entryId = await this.entryId();
      if (!entryId) throw new Error("No SigenStor config entry found");
      const payload = { config_entry_id: entryId, ...data };
      if (service === "set_schedule") {
        // set_schedule answers with the schedule id; older builds may not offer a response.
        try {
          await callWithResponse(this.hass, service, payload);
        } catch (err) {
          if (!/response/i.test(errorMessage(err))) throw err;
          await callAction(this.hass, service, payload);
        }
      } else {
        await callAction(this.hass, service, payload);
      }
      this._error = undefined;
      await this.refresh();
      return true;
    } catch (err) {
      this._error = errorMessage(err);
      return false;
    } finally {
      this._busy = false;
    }
  }

  private async save(): Promise<void> {
    if (!this._form) return;
    const result = scheduleServiceData(this._form);
    if (!result.ok) {
      this._formErrors = result.errors;
      return;
    }
    this._formErrors = {};
    if (await this.change("set_schedule", result.data)) this._form = undefined;
  }

  private async removeSchedule(id: string): Promise<void> {
    if (this._confirmDelete !== id) {
      this._confirmDelete = id;
      return;
    }
    this._confirmDelete = undefined;
    await this.change("delete_schedule", { schedule_id: id });
    if (this._form?.id === id) this._form = undefined;
  }

  private edit(s?: Schedule): void {
    this._form = s ? formFromSchedule(s) : emptyForm();
    this._formErrors = {};
  }

  protected override render(): TemplateResult | typeof nothing {
    const c = this._config;
    if (!c) return nothing;
    return html`<ha-card>
      <div class="header">
        <span class="title">${c.title ?? "Schedules"}</span>
        <button class="add" ?disabled=${this._busy} @click=${() => this.edit()}>Add</button>
      </div>
      ${this.renderWeek()} ${this._form ? this.renderForm(this._form) : nothing}
      <div class="section list">
        ${this._schedules.length === 0
          ? html`<div class="muted empty">${this._loaded ? "No schedules yet" : "Loading…"}</div>`
          : this._schedules.map((s) => this.renderRow(s))}
      </div>
      ${this._error ? html`<div class="error">${this._error}</div>` : nothing}
      ${this._warnings.map((w) => html`<div class="warning">${w}</div>`)}
    </ha-card>`;
  }

  private renderWeek(): TemplateResult {
    const blocks = weekBlocks(this._schedules);
    const byId = new Map(this._schedules.map((s) => [s.id, s]));
    return html`<div class="week" role="grid" aria-label="Week schedule">
      <div></div>
      ${DAYS.map((d) => html`<div class="day-head">${d}</div>`)}
      <div class="hours">${[0, 6, 12, 18, 24].map((h) => html`<span style="top:${h * HOUR_PX}px">${h}</span>`)}</div>
      ${DAYS.map(
        (_d, day) => html`<div class="col" data-day=${day}>
          ${blocks
            .filter((b) => b.day === day)
            .map(
              (b) => html`<div
                class="blk a-${b.action} ${b.enabled ? "" : "off"}"
                data-id=${b.id}
                title="${b.name} ${humanise(b.action)}"
                style="top:${(b.startMin / 60) * HOUR_PX}px;height:${((b.endMin - b.startMin) / 60) * HOUR_PX}px;left:${(b.lane / b.lanes) * 100}%;width:${100 / b.lanes}%"
                @click=${() => this.edit(byId.get(b.id))}
              >
                ${b.continued ? "" : b.name}
              </div>`,
            )}
        </div>`,
      )}
    </div>`;
  }

  private renderRow(s: Schedule): TemplateResult {
    const deleting = this._confirmDelete === s.id;
    return html`<div class="row" data-id=${s.id}>
      <span class="swatch a-${s.action}"></span>
      <span class="name">
        <b>${s.name}</b>
        <span class="muted">${humanise(s.action)} ${s.start}–${s.end} · ${s.days.join(" ")}</span>
      </span>
      <button class="toggle" ?disabled=${this._busy} @click=${() => void this.change("set_schedule", toggleData(s))}>
        ${s.enabled ? "On" : "Off"}
      </button>
      <button class="edit" ?disabled=${this._busy} @click=${() => this.edit(s)}>Edit</button>
      <button class="delete ${deleting ? "danger" : ""}" ?disabled=${this._busy} @click=${() => void this.removeSchedule(s.id)}>
        ${deleting ? "Confirm" : "Delete"}
      </button>
    </div>`;
  }

  private renderForm(f: ScheduleForm): TemplateResult {
    const set = (patch: Partial<ScheduleForm>) => (this._form = { ...f, ...patch });
    const err = (k: keyof ScheduleForm) =>
      this._formErrors[k] ? html`<span class="field-error">${this._formErrors[k]}</span>` : nothing;
    const text = (k: "name" | "priority" | "power" | "target_soc", label: string, type = "text") =>
      html`<label class="field"
        >${label}
        <input
          name=${k}
          type=${type}
          .value=${f[k]}
          @input=${(e: Event) => set({ [k]: (e.target as HTMLInputElement).value } as Partial<ScheduleForm>)}
        />${err(k)}</label
      >`;
    const time = (k: "start" | "end", label: string) =>
      html`<label class="field"
        >${label}
        <input
          name=${k}
          type="time"
          .value=${f[k]}
          @input=${(e: Event) => set({ [k]: (e.target as HTMLInputElement).value } as Partial<ScheduleForm>)}
        />${err(k)}</label
      >`;
    const toggleDay = (d: Day, on: boolean) =>
      set({ days: on ? DAYS.filter((x) => x === d || f.days.includes(x)) : f.days.filter((x) => x !== d) });
    return html`<div class="section form" role="form" aria-label=${f.id ? "Edit schedule" : "New schedule"}>
      ${text("name", "Name")}
      <label class="field"
        >Action
        <select
          name="action"
          @change=${(e: Event) => set({ action: (e.target as HTMLSelectElement).value as ScheduleForm["action"] })}
        >
          ${SCHEDULE_ACTIONS.map((a) => html`<option value=${a} ?selected=${f.action === a}>${humanise(a)}</option>`)}
        </select></label
      >
      ${time("start", "Start")} ${time("end", "End (before start = past midnight)")}
      ${f.action === "hold"
        ? nothing
        : html`${text("power", "Power kW (empty = plant limit)", "number")}
          ${text("target_soc", f.action === "charge" ? "Stop at SoC %" : "Floor SoC %", "number")}`}
      ${text("priority", "Priority", "number")}
      <label class="field"
        >Enabled
        <input
          name="enabled"
          type="checkbox"
          .checked=${f.enabled}
          @change=${(e: Event) => set({ enabled: (e.target as HTMLInputElement).checked })}
      /></label>
      <div class="days">
        ${DAYS.map(
          (d) => html`<label
            ><input
              type="checkbox"
              name="day-${d}"
              .checked=${f.days.includes(d)}
              @change=${(e: Event) => toggleDay(d, (e.target as HTMLInputElement).checked)}
            />${d}</label
          >`,
        )}
        ${err("days")}
      </div>
      <div class="form-buttons">
        <button class="cancel" @click=${() => (this._form = undefined)}>Cancel</button>
        <button class="primary save" ?disabled=${this._busy} @click=${() => void this.save()}>Save</button>
      </div>
    </div>`;
  }
}
