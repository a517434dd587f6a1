// A fake `hass` with sigenstor entities, the websocket commands the cards use, and a call log.
import type { HassEntity, HomeAssistant } from "../../src/ha";

export interface Call {
  domain: string;
  service: string;
  data: Record<string, unknown>;
}

export interface FakeHass extends HomeAssistant {
  calls: Call[];
  ws: Array<Record<string, unknown>>;
  responses: Record<string, unknown | ((data: Record<string, unknown>) => unknown)>;
}

/** State rows: [translation key, entity id, state, attributes]. */
export type Row = [string, string, string, Record<string, unknown>?];

export const PLANT: Row[] = [
  ["battery_soc", "sensor.plant_battery_soc", "64.2", { unit_of_measurement: "%" }],
  ["battery_temperature", "sensor.plant_battery_temperature", "23.5", { unit_of_measurement: "°C" }],
  ["pv_power", "sensor.plant_pv_power", "5.2", { unit_of_measurement: "kW" }],
  ["battery_power", "sensor.plant_battery_power", "2000", { unit_of_measurement: "W" }],
  ["grid_power", "sensor.plant_grid_power", "-2.4", { unit_of_measurement: "kW" }],
  ["house_load", "sensor.plant_house_load", "0.8", { unit_of_measurement: "kW" }],
  ["general_price", "sensor.prices_general_price", "0.31", { unit_of_measurement: "AUD/kWh" }],
  ["feed_in_earnings_rate", "sensor.prices_feed_in", "0.07", { unit_of_measurement: "AUD/kWh" }],
  ["override_active", "binary_sensor.plant_override_active", "off"],
  ["control_state", "sensor.plant_remote_control", "released"],
  ["emergency_stop", "binary_sensor.plant_emergency_stop", "off"],
  ["override_remaining", "sensor.plant_override_remaining", "unknown"],
  ["override_mode", "select.plant_override_mode", "none"],
  ["optimiser_decision", "sensor.plant_optimiser_decision", "charge_pv"],
  ["optimiser_reason", "sensor.plant_optimiser_reason", "Solar surplus stored for the evening peak"],
  ["optimiser_next_change", "sensor.plant_optimiser_next_change", "2026-01-10T17:30:00+10:00", { action: "discharge" }],
  ["pv_energy", "sensor.plant_pv_energy", "1000"],
  ["load_energy", "sensor.plant_load_energy", "800"],
  ["grid_import_energy", "sensor.plant_grid_import_energy", "300"],
  ["grid_export_energy", "sensor.plant_grid_export_energy", "400"],
];

export function fakeHass(rows: Row[] = PLANT, now = new Date().toISOString()): FakeHass {
  const states: Record<string, HassEntity> = {};
  const entities: NonNullable<HomeAssistant["entities"]> = {};
  for (const [key, id, state, attributes] of rows) {
    states[id] = { entity_id: id, state, attributes: attributes ?? {}, last_changed: now, last_updated: now };
    entities[id] = { entity_id: id, platform: "sigenstor", translation_key: key, device_id: "dev1" };
  }
  const hass: FakeHass = {
    states,
    entities,
    language: "en",
    calls: [],
    ws: [],
    responses: {},
    connection: {
      async sendMessagePromise<T>(msg: Record<string, unknown>): Promise<T> {
        hass.ws.push(msg);
        if (msg["type"] !== "call_service") throw new Error(`unexpected ${String(msg["type"])}`);
        const service = String(msg["service"]);
        const data = msg["service_data"] as Record<string, unknown>;
        hass.calls.push({ domain: String(msg["domain"]), service, data });
        const r = hass.responses[service];
        if (r === undefined) throw { code: "service_validation_error", message: `${service} failed` };
        return { context: { id: "c" }, response: typeof r === "function" ? r(data) : r } as T;
      },
    },
    async callWS<T>(msg: Record<string, unknown>): Promise<T> {
      hass.ws.push(msg);
      if (msg["type"] === "config_entries/get") {
        return [{ entry_id: "ENTRY1", domain: "sigenstor", title: "Plant", state: "loaded" }] as T;
      }
      if (msg["type"] === "recorder/statistic_during_period") {
        const changes: Record<string, number> = {
          "sensor.plant_pv_energy": 18.4,
          "sensor.plant_load_energy": 12.1,
          "sensor.plant_grid_import_energy": 2.2,
          "sensor.plant_grid_export_energy": 7.5,
        };
        return { change: changes[String(msg["statistic_id"])] ?? null } as T;
      }
      if (msg["type"] === "history/history_during_period") return {} as T;
      throw new Error("unknown command");
    },
    async callService(domain: string, service: string, data?: Record<string, unknown>): Promise<unknown> {
      hass.calls.push({ domain, service, data: data ?? {} });
      const r = hass.responses[service];
      if (r instanceof Error) throw r;
      return undefined;
    },
  };
  return hass;
}

/** Replace one entity's state (a new hass object, as HA does). */
export function withState(hass: FakeHass, id: string, state: string, attributes?: Record<string, unknown>, updated?: string): FakeHass {
  const old = hass.states[id]!;
  const next = { ...old, state, attributes: attributes ?? old.attributes, last_updated: updated ?? old.last_updated };
  return Object.assign(Object.create(Object.getPrototypeOf(hass)), hass, { states: { ...hass.states, [id]: next } });
}

/** Let pending promises and Lit updates settle. */
export async function settle(el: HTMLElement & { updateComplete?: Promise<unknown> }): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await el.updateComplete;
  }
}
