// Common card plumbing: hass/config properties, entity look-up, entry id, periodic refresh.
import { LitElement } from "lit";
import { resolveEntryId } from "../api";
import type { CardConfig, HassEntity, HomeAssistant } from "../ha";
import { makeLoc, t, type Loc, type StringKey } from "../i18n";
import { findEntityId } from "../logic/entities";

export abstract class SigenCard<C extends { device_id?: string | undefined; entry_id?: string | undefined }> extends LitElement {
  static override properties = {
    hass: { attribute: false },
    _config: { state: true },
    _warnings: { state: true },
    _error: { state: true },
  };

  declare hass: HomeAssistant | undefined;
  declare _config: C | undefined;
  declare _warnings: string[];
  declare _error: string | undefined;
  protected _timer: ReturnType<typeof setInterval> | undefined;
  protected _entryId: string | undefined;
  private _inflight: Promise<void> | undefined;
  private _loc: { from: unknown; loc: Loc } | undefined;

  constructor() {
    super();
    this._warnings = [];
    this._error = undefined;
  }

  /** Validate the config; throws only for a non-object (Lovelace shows its error card). */
  protected abstract validate(config: CardConfig): { config: C; warnings: string[] };

  /** Refresh data fetched from actions or the recorder; never rejects. */
  protected abstract refresh(): Promise<void>;

  /** Run `refresh` unless one is already under way (connect, first hass and config coincide). */
  protected requestRefresh(): Promise<void> {
    this._inflight ??= this.refresh().finally(() => (this._inflight = undefined));
    return this._inflight;
  }

  /** How often `refresh` runs while connected. */
  protected refreshMs = 300_000;

  setConfig(config: CardConfig): void {
    const { config: cfg, warnings } = this.validate(config);
    const entryChanged = cfg.entry_id !== this._config?.entry_id;
    this._config = cfg;
    this._warnings = warnings;
    if (entryChanged) this._entryId = undefined;
    if (this.isConnected && this.hass) void this.requestRefresh();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._timer ??= setInterval(() => void this.requestRefresh(), this.refreshMs);
    if (this.hass && this._config) void this.requestRefresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this._timer) clearInterval(this._timer);
    this._timer = undefined;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // The first hass (or the first after a config) starts the data fetches.
    if (changed.has("hass") && !changed.get("hass") && this.hass && this._config && this.isConnected) {
      void this.requestRefresh();
    }
  }

  /** The owner's language and formats (recomputed only when `hass.locale` changes). */
  protected get loc(): Loc {
    const from = this.hass?.locale ?? this.hass?.language;
    if (!this._loc || this._loc.from !== from) {
      this._loc = { from, loc: makeLoc(this.hass?.locale, this.hass?.language, this.hass?.config?.time_zone) };
    }
    return this._loc.loc;
  }

  /** A translated card string. */
  protected tr(key: StringKey, params?: Record<string, string | number>): string {
    return t(this.loc, key, params);
  }

  /** Entity id of one of our entities by translation key. */
  protected eid(key: string, domain?: string): string | undefined {
    return findEntityId(this.hass, key, domain, this._config?.device_id);
  }

  /** State object of one of our entities by translation key. */
  protected ent(key: string, domain?: string): HassEntity | undefined {
    const id = this.eid(key, domain);
    return id ? this.hass?.states[id] : undefined;
  }

  /** Config entry id (configured, else discovered and remembered). */
  protected async entryId(): Promise<string | undefined> {
    if (!this.hass) return undefined;
    this._entryId ??= await resolveEntryId(this.hass, this._config?.entry_id);
    return this._entryId;
  }
}
