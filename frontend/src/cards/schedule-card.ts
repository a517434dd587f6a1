// sigenstor-schedule-card: week view of the owner's schedules with create/edit/toggle/delete.
import { html, nothing, type TemplateResult } from "lit";
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
  type FormErrors,
  type Schedule,
  type ScheduleForm,
} from "../logic/schedule";
import { actionName } from "../i18n";
import { formatWallClock, weekdayName } from "../logic/format";
import { SigenCard } from "./base";
import { ensureHaForm } from "./editor";
import { HOUR_PX, scheduleStyles } from "./schedule-styles";
import { baseStyles } from "./styles";


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
  static override styles = [baseStyles, scheduleStyles];

  declare _schedules: Schedule[];
  declare _form: ScheduleForm | undefined;
  declare _formErrors: FormErrors;
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

  override connectedCallback(): void {
    super.connectedCallback();
    // Times and days are edited with Home Assistant's own selectors, loaded with its forms.
    if (!customElements.get("ha-selector")) {
      void ensureHaForm();
      void customElements.whenDefined("ha-selector").then(() => this.requestUpdate());
    }
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
        this._error = this.tr("common.no_entry");
        return;
      }
      const res = await callWithResponse<unknown>(this.hass, "list_schedules", { config_entry_id: entryId });
      this._schedules = parseSchedules(res);
      this._error = undefined;
    } catch (err) {
      this._error = this.tr("sched.unavailable", { error: errorMessage(err) });
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
      if (!entryId) throw new Error(this.tr("common.no_entry"));
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
        <span class="title">${c.title ?? this.tr("sched.title")}</span>
        <button class="add" ?disabled=${this._busy} @click=${() => this.edit()}>${this.tr("sched.add")}</button>
      </div>
      ${this.renderWeek()} ${this._form ? this.renderForm(this._form) : nothing}
      <div class="section list">
        ${this._schedules.length === 0
          ? html`<div class="muted empty">${this._loaded ? this.tr("sched.empty") : this.tr("common.loading")}</div>`
          : this._schedules.map((s) => this.renderRow(s))}
      </div>
      ${this._error ? html`<div class="error">${this._error}</div>` : nothing}
      ${this._warnings.map((w) => html`<div class="warning">${w}</div>`)}
    </ha-card>`;
  }

  private renderWeek(): TemplateResult {
    const blocks = weekBlocks(this._schedules);
    const byId = new Map(this._schedules.map((s) => [s.id, s]));
    return html`<div class="week" role="grid" aria-label=${this.tr("sched.week")}>
      <div></div>
      ${DAYS.map((d, i) => html`<div class="day-head" data-day=${d}>${weekdayName(i, this.loc)}</div>`)}
      <div class="hours">${[0, 6, 12, 18, 24].map((h) => html`<span style="top:${h * HOUR_PX}px">${h}</span>`)}</div>
      ${DAYS.map(
        (_d, day) => html`<div class="col" data-day=${day}>
          ${blocks
            .filter((b) => b.day === day)
            .map(
              (b) => html`<div
                class="blk a-${b.action} ${b.enabled ? "" : "off"}"
                data-id=${b.id}
                title="${b.name} ${actionName(this.loc, b.action)}"
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
        <span class="muted"
          >${actionName(this.loc, s.action)} ${formatWallClock(s.start, this.loc)}–${formatWallClock(s.end, this.loc)} ·
          ${s.days.map((d) => weekdayName(DAYS.indexOf(d), this.loc)).join(" ")}</span
        >
      </span>
      <button class="toggle" ?disabled=${this._busy} @click=${() => void this.change("set_schedule", toggleData(s))}>
        ${this.tr(s.enabled ? "sched.on" : "sched.off")}
      </button>
      <button class="edit" ?disabled=${this._busy} @click=${() => this.edit(s)}>${this.tr("sched.edit")}</button>
      <button class="delete ${deleting ? "danger" : ""}" ?disabled=${this._busy} @click=${() => void this.removeSchedule(s.id)}>
        ${this.tr(deleting ? "sched.confirm" : "sched.delete")}
      </button>
    </div>`;
  }

  private renderForm(f: ScheduleForm): TemplateResult {
    // Patch the current form, not the rendered one: two events may arrive before a re-render.
    const set = (patch: Partial<ScheduleForm>) => (this._form = { ...(this._form ?? f), ...patch });
    const err = (k: keyof ScheduleForm) => {
      const e = this._formErrors[k];
      return e ? html`<span class="field-error">${this.tr(e.key, e.params)}</span>` : nothing;
    };
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
    const ha = Boolean(customElements.get("ha-selector"));
    const time = (k: "start" | "end", label: string) =>
      ha
        ? html`<div class="field sel-time" data-field=${k}>
            <ha-selector
              .hass=${this.hass}
              .selector=${{ time: { no_second: true } }}
              .value=${f[k]}
              .label=${label}
              .required=${true}
              @value-changed=${(e: CustomEvent<{ value?: string }>) => set({ [k]: String(e.detail.value ?? "") } as Partial<ScheduleForm>)}
            ></ha-selector
            >${err(k)}
          </div>`
        : // Outside Home Assistant (tests, previews): a 24 h text field, never the browser's AM/PM input.
          html`<label class="field"
            >${label}
            <input
              name=${k}
              inputmode="numeric"
              placeholder="HH:MM"
              pattern="[0-2]?[0-9]:[0-5][0-9]"
              .value=${f[k]}
              @input=${(e: Event) => set({ [k]: (e.target as HTMLInputElement).value } as Partial<ScheduleForm>)}
            />${err(k)}</label
          >`;
    const dayOptions = DAYS.map((d, i) => ({ value: d, label: weekdayName(i, this.loc) }));
    const setDays = (days: unknown) =>
      set({ days: DAYS.filter((d) => Array.isArray(days) && (days as unknown[]).includes(d)) });
    const days = ha
      ? html`<div class="days sel-days" data-field="days">
          <ha-selector
            .hass=${this.hass}
            .selector=${{ select: { multiple: true, mode: "list", options: dayOptions } }}
            .value=${f.days}
            .label=${this.tr("sched.days")}
            @value-changed=${(e: CustomEvent<{ value?: unknown }>) => setDays(e.detail.value)}
          ></ha-selector>
          ${err("days")}
        </div>`
      : html`<div class="days">
          ${dayOptions.map(
            (o) => html`<label
              ><input
                type="checkbox"
                name="day-${o.value}"
                .checked=${f.days.includes(o.value)}
                @change=${(e: Event) =>
                  setDays((e.target as HTMLInputElement).checked ? [...f.days, o.value] : f.days.filter((x) => x !== o.value))}
              />${o.label}</label
            >`,
          )}
          ${err("days")}
        </div>`;
    return html`<div class="section form" role="form" aria-label=${this.tr(f.id ? "sched.edit_title" : "sched.new_title")}>
      ${text("name", this.tr("sched.name"))}
      <label class="field"
        >${this.tr("sched.action")}
        <select
          name="action"
          @change=${(e: Event) => set({ action: (e.target as HTMLSelectElement).value as ScheduleForm["action"] })}
        >
          ${SCHEDULE_ACTIONS.map((a) => html`<option value=${a} ?selected=${f.action === a}>${actionName(this.loc, a)}</option>`)}
        </select></label
      >
      ${time("start", this.tr("sched.start"))} ${time("end", this.tr("sched.end"))}
      ${f.action === "hold"
        ? nothing
        : html`${text("power", this.tr("sched.power"), "number")}
          ${text("target_soc", this.tr(f.action === "charge" ? "sched.stop_at" : "sched.floor"), "number")}`}
      ${text("priority", this.tr("sched.priority"), "number")}
      <label class="field"
        >${this.tr("sched.enabled")}
        <input
          name="enabled"
          type="checkbox"
          .checked=${f.enabled}
          @change=${(e: Event) => set({ enabled: (e.target as HTMLInputElement).checked })}
      /></label>
      ${days}
      <div class="form-buttons">
        <button class="cancel" @click=${() => (this._form = undefined)}>${this.tr("common.cancel")}</button>
        <button class="primary save" ?disabled=${this._busy} @click=${() => void this.save()}>${this.tr("sched.save")}</button>
      </div>
    </div>`;
  }
}
