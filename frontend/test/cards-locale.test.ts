// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { PLANT, fakeHass, settle, type FakeHass, type Row } from "./helpers/fake-hass";
import { $, $$, mount, text, type Card } from "./helpers/mount";

/** Home Assistant's ha-selector, reduced to what the schedule card uses: properties and value-changed. */
class FakeSelector extends HTMLElement {
  selector: Record<string, unknown> = {};
  value: unknown;
  label = "";
  pick(value: unknown): void {
    this.dispatchEvent(new CustomEvent("value-changed", { detail: { value } }));
  }
}

beforeAll(async () => {
  customElements.define("ha-selector", FakeSelector);
  await import("../src/index");
});
afterEach(() => {
  document.body.innerHTML = "";
});

const german = (hass: FakeHass): FakeHass => Object.assign(hass, { locale: { language: "de", number_format: "language", time_format: "language" } });
const rows = (patch: Record<string, string>): Row[] => PLANT.map(([k, id, s, a]) => [k, id, patch[k] ?? s, a] as Row);

describe("dashboard card in German", () => {
  it("translates its strings and formats numbers the German way", async () => {
    const el = await mount("sigenstor-dashboard-card", german(fakeHass()));
    expect(text(el, 'button[data-action="force_charge"]')).toBe("Laden");
    expect(text(el, ".energy .section-title")).toBe("Heute");
    expect(text(el, ".t-pv .v")).toBe("18,4 kWh");
    expect(text(el, ".self")).toBe("Autarkie 82 %");
    expect(text(el, ".decision")).toBe("Laden aus Solar");
    expect(text(el, ".next")).toMatch(/^Nächster Wechsel: Entladen um \d\d:\d\d$/);
    expect(text(el, ".node-solar .kw")).toBe("5,2 kW");
  });

  it("claims no self-sufficiency while the house has used nothing today", async () => {
    const hass = fakeHass();
    const base = hass.callWS.bind(hass);
    hass.callWS = (async (msg: Record<string, unknown>) =>
      msg["type"] === "recorder/statistic_during_period" ? { change: 0 } : base(msg)) as FakeHass["callWS"];
    const el = await mount("sigenstor-dashboard-card", hass);
    expect(text(el, ".t-load .v")).toBe("0.0 kWh");
    expect($(el, ".self")).toBeNull();
  });
});

describe("plan card", () => {
  const hour = 3_600_000;
  const start = Math.floor(Date.now() / (hour / 2)) * (hour / 2);
  const steps = Array.from({ length: 8 }, (_, i) => ({
    start: new Date(start + (i * hour) / 2).toISOString(),
    end: new Date(start + ((i + 1) * hour) / 2).toISOString(),
    action: i < 4 ? "self_consumption" : "export",
    power_kw: i < 4 ? null : 4,
    soc: 50 + i,
    buy_price: 0.3,
    feed_in_price: 0.12,
    pv_kw: 2.5,
    load_kw: 0.75,
    reason: i < 4 ? "" : "Evening price",
  }));

  async function planCard(hass: FakeHass): Promise<Card> {
    hass.responses["get_plan"] = { mode: "auto", decision: "self_consumption", reason: "r", steps };
    hass.callWS = (async (msg: Record<string, unknown>) => {
      if (msg["type"] === "config_entries/get") return [{ entry_id: "ENTRY1", domain: "sigenstor", state: "loaded" }];
      if (msg["type"] === "history/history_during_period") {
        const now = Date.now() / 1000;
        return { "sensor.plant_battery_soc": [{ s: "31", lu: now - 3 * 3600 }, { s: "44", lu: now - 1800 }] };
      }
      throw new Error("unexpected");
    }) as FakeHass["callWS"];
    return mount("sigenstor-plan-card", hass, { hours_back: 4, hours_ahead: 4 });
  }

  /** Move the pointer to a fraction of the chart's width (happy-dom has no layout: give it one). */
  async function hover(el: Card, frac: number): Promise<void> {
    const chart = $(el, "svg.chart")!;
    chart.getBoundingClientRect = () => ({ left: 0, width: 400, top: 0, height: 200, right: 400, bottom: 200, x: 0, y: 0, toJSON: () => ({}) }) as DOMRect;
    chart.dispatchEvent(new PointerEvent("pointermove", { clientX: frac * 400, pointerType: "mouse" }));
    await settle(el);
  }

  it("shows the planned values under the pointer and hides them when it leaves", async () => {
    const el = await planCard(fakeHass());
    expect($(el, ".tip")).toBeNull();
    await hover(el, 0.99); // the last planned step, near the right edge
    expect(text(el, ".tip")).toContain("Export");
    expect(text(el, ".tip .v-soc")).toBe("SoC 57 %");
    expect(text(el, ".tip .v-pv")).toBe("PV 2.5 kW");
    expect(text(el, ".tip .v-load")).toBe("Load 0.75 kW");
    expect(text(el, ".tip .v-feed")).toBe("Feed-in 12.0 c/kWh");
    expect(text(el, ".tip")).toContain("Evening price");
    expect($(el, "line.cursor")).not.toBeNull();
    $(el, "svg.chart")!.dispatchEvent(new PointerEvent("pointerleave", { pointerType: "mouse" }));
    await settle(el);
    expect($(el, ".tip")).toBeNull();
  });

  it("shows the recorded values for a past moment", async () => {
    const el = await planCard(fakeHass());
    await hover(el, 0.3); // about 1.6 h ago: after the 3 h sample, before the 30 min one
    expect(text(el, ".tip")).toContain("recorded");
    expect(text(el, ".tip .v-soc")).toBe("SoC 31 %");
  });

  it("says when the owner's override outranks the plan", async () => {
    const now = new Date().toISOString();
    const hass = fakeHass(rows({ override_active: "on", override_mode: "force_charge", override_remaining: "35" }), now);
    const el = await planCard(hass);
    expect(text(el, ".override")).toMatch(/^Override active: Force charge · 3[45] min left$/);
    const quiet = await planCard(fakeHass());
    expect($(quiet, ".override")).toBeNull();
  });

  it("draws SoC with its own colour variable and names the legend in German", async () => {
    const el = await planCard(german(fakeHass()));
    expect($(el, ".legend .l-soc")!.getAttribute("style")).toContain("--sg-soc");
    expect(text(el, ".legend .l-soc")).toBe("Ladestand");
    expect(text(el, ".legend")).toContain("Eigenverbrauch");
  });
});

describe("schedule card with Home Assistant's selectors", () => {
  function hass(): FakeHass {
    const h = fakeHass();
    h.responses["list_schedules"] = {
      schedules: [
        { id: "d1", name: "Peak", action: "discharge", start: "17:00", end: "20:00", days: ["mon"], priority: 0, enabled: true, power_kw: null, target_soc: null },
      ],
    };
    h.responses["set_schedule"] = { schedule_id: "new" };
    return h;
  }
  const selector = (el: Card, field: string) => $(el, `[data-field="${field}"] ha-selector`) as FakeSelector | null;

  it("edits start, end and days with ha-selector, never a browser time input", async () => {
    const h = hass();
    const el = await mount("sigenstor-schedule-card", h);
    ($(el, "button.add") as HTMLButtonElement).click();
    await settle(el);
    expect($$(el, 'input[type="time"]')).toHaveLength(0);
    expect(selector(el, "start")!.selector).toEqual({ time: { no_second: true } });
    expect(selector(el, "days")!.selector).toMatchObject({ select: { multiple: true } });
    const name = $(el, 'input[name="name"]') as HTMLInputElement;
    name.value = "Evening";
    name.dispatchEvent(new Event("input"));
    selector(el, "start")!.pick("17:30:00");
    await settle(el);
    selector(el, "end")!.pick("21:00");
    await settle(el);
    selector(el, "days")!.pick(["fri", "mon"]);
    await settle(el);
    expect(selector(el, "start")!.value).toBe("17:30:00");
    const action = $(el, 'select[name="action"]') as HTMLSelectElement;
    action.value = "discharge";
    action.dispatchEvent(new Event("change"));
    await settle(el);
    ($(el, "button.save") as HTMLButtonElement).click();
    await settle(el);
    const set = h.calls.find((c) => c.service === "set_schedule")!;
    expect(set.data).toMatchObject({ name: "Evening", action: "discharge", start: "17:30", end: "21:00", days: ["mon", "fri"] });
    // No floor given: the key is left out, never sent as null.
    expect("target_soc" in set.data).toBe(false);
    expect("power" in set.data).toBe(false);
  });

  it("toggles a discharge without a floor without sending null", async () => {
    const h = hass();
    const el = await mount("sigenstor-schedule-card", h);
    ($(el, '.row[data-id="d1"] button.toggle') as HTMLButtonElement).click();
    await settle(el);
    const set = h.calls.find((c) => c.service === "set_schedule")!;
    expect(set.data).toMatchObject({ schedule_id: "d1", enabled: false, action: "discharge" });
    expect(Object.values(set.data)).not.toContain(null);
  });

  it("shows times and days in the owner's format", async () => {
    const h = hass();
    Object.assign(h, { locale: { language: "de", time_format: "language" } });
    const el = await mount("sigenstor-schedule-card", h);
    expect(text(el, '.row[data-id="d1"] .muted')).toMatch(/^Entladen 17:00–20:00 · Mo\.?$/);
    expect(text(el, "button.add")).toBe("Hinzufügen");
  });
});
