// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { PLANT, fakeHass, settle, withState, type FakeHass } from "./helpers/fake-hass";

type Card = HTMLElement & { hass: FakeHass; setConfig(c: object): void; updateComplete: Promise<unknown> };

const NOW = Date.now();
const iso = (min: number) => new Date(NOW + min * 60_000).toISOString();

beforeAll(async () => {
  await import("../src/index");
});

afterEach(() => {
  document.body.innerHTML = "";
});

async function mount(hass: FakeHass, config: object = {}): Promise<Card> {
  const el = document.createElement("sigenstor-dashboard-card") as Card;
  el.setConfig({ type: "custom:sigenstor-dashboard-card", ...config });
  el.hass = hass;
  document.body.appendChild(el);
  await settle(el);
  return el;
}

const last = (hass: FakeHass) => hass.calls[hass.calls.length - 1];
const $ = (el: Card, sel: string) => el.shadowRoot!.querySelector(sel) as HTMLElement | null;
const text = (el: Card, sel: string) => $(el, sel)?.textContent?.replace(/\s+/g, " ").trim() ?? "";

function priceForecast() {
  return {
    site_id: "s",
    general: [
      { type: "CurrentInterval", start_time: iso(-5), end_time: iso(25), per_kwh: 0.28, spike_status: "none" },
      { type: "ForecastInterval", start_time: iso(25), end_time: iso(55), per_kwh: -0.04, spike_status: "none" },
      { type: "ForecastInterval", start_time: iso(55), end_time: iso(85), per_kwh: 0.9, spike_status: "spike" },
    ],
    feed_in: [
      { type: "CurrentInterval", start_time: iso(-5), end_time: iso(25), feed_in_earn: 0.06 },
      { type: "ForecastInterval", start_time: iso(25), end_time: iso(55), feed_in_earn: -0.08 },
    ],
  };
}

describe("sigenstor-dashboard-card", () => {
  it("is registered with a card picker entry", () => {
    expect(customElements.get("sigenstor-dashboard-card")).toBeTruthy();
    expect(window.customCards?.map((c) => c.type)).toEqual([
      "sigenstor-dashboard-card",
      "sigenstor-plan-card",
      "sigenstor-schedule-card",
    ]);
  });

  it("renders SoC, temperature and the power flow from the entities", async () => {
    const hass = fakeHass();
    hass.responses["get_price_forecast"] = priceForecast();
    const el = await mount(hass);
    expect(text(el, ".soc-value")).toBe("64%");
    expect(text(el, ".temp")).toBe("23.5 °C");
    expect(text(el, ".node-solar .kw")).toBe("5.2 kW");
    expect(text(el, ".node-battery .kw")).toBe("2.0 kW"); // 2000 W converted
    expect(text(el, ".node-battery .sub")).toBe("charging");
    expect(text(el, ".node-grid .sub")).toBe("exporting");
    const flows = [...el.shadowRoot!.querySelectorAll("path.flow")].map((p) => [p.getAttribute("data-from"), p.getAttribute("data-to"), Number(p.getAttribute("data-kw"))]);
    expect(flows).toEqual(expect.arrayContaining([["solar", "house", 0.8], ["solar", "battery", 2], ["solar", "grid", 2.4]]));
    expect($(el, ".banner")).toBeNull();
    expect(Number(el.dataset["firstRenderMs"])).toBeGreaterThanOrEqual(0);
  });

  it("shows buy and feed-in prices from get_price_forecast, negatives included", async () => {
    const hass = fakeHass();
    hass.responses["get_price_forecast"] = priceForecast();
    const el = await mount(hass);
    const calls = hass.ws.filter((m) => m["service"] === "get_price_forecast");
    expect(calls).toHaveLength(1); // connect, config and first hass share one fetch
    const call = calls[0]!;
    expect(call).toMatchObject({ type: "call_service", domain: "sigenstor", return_response: true, service_data: { config_entry_id: "ENTRY1" } });
    expect(text(el, ".price.buy .value")).toBe("28.0 c/kWh");
    expect(text(el, ".price.feed-in .value")).toBe("6.0 c/kWh");
    expect(text(el, ".price.buy .trend")).toBe("↗");
    expect(text(el, ".range")).toContain("-4.0 c/kWh to 90.0 c/kWh");
    expect($(el, ".spark .zero")).not.toBeNull();
  });

  it("falls back to the price sensors when the forecast action fails", async () => {
    const el = await mount(fakeHass());
    expect(text(el, ".price.buy .value")).toBe("31.0 c/kWh");
    expect(text(el, ".prices .muted")).toBe("No price forecast");
  });

  it("does not ask for a price forecast without Amber, and shows no price section", async () => {
    const hass = fakeHass(PLANT.filter(([key]) => key !== "general_price" && key !== "feed_in_earnings_rate"));
    const el = await mount(hass);
    expect(hass.ws.filter((m) => m["service"] === "get_price_forecast")).toHaveLength(0);
    expect(el.shadowRoot!.textContent).not.toContain("Amber prices");
  });

  it("shows the optimiser decision, reason and next change", async () => {
    const el = await mount(fakeHass());
    expect(text(el, ".decision")).toBe("Charge from solar");
    expect(text(el, ".reason")).toBe("Solar surplus stored for the evening peak");
    // English by language: 12 h times, as Home Assistant shows them for "en".
    expect(text(el, ".next")).toMatch(/^Next: Discharge at \d{1,2}:\d\d\s?[AP]M$/i);
  });

  it("shows today's energy from the recorder statistics", async () => {
    const el = await mount(fakeHass());
    expect(text(el, ".t-pv .v")).toBe("18.4 kWh");
    expect(text(el, ".t-export .v")).toBe("7.5 kWh");
    expect(text(el, ".t-charge .v")).toBe("—");
    expect(text(el, ".self")).toBe("Self-sufficiency 82 %");
  });

  it("shows the override banner with time left", async () => {
    let hass = fakeHass();
    hass = withState(hass, "binary_sensor.plant_override_active", "on");
    hass = withState(hass, "sensor.plant_override_remaining", "42", undefined, new Date().toISOString());
    hass = withState(hass, "select.plant_override_mode", "force_charge");
    const el = await mount(hass);
    expect(text(el, ".banner.override .banner-title")).toBe("OVERRIDE ACTIVE");
    expect(text(el, ".banner .time-left")).toBe("42 min left");
    expect(text(el, ".banner-sub")).toContain("Force charge");
  });

  it("says when another controller holds the plant and offers to take it back", async () => {
    const hass = withState(fakeHass(), "sensor.plant_remote_control", "external");
    const el = await mount(hass);
    expect(text(el, ".banner.external .banner-title")).toBe("ANOTHER CONTROLLER");
    ($(el, ".banner .release") as HTMLButtonElement).click();
    await settle(el);
    expect(last(hass)).toEqual({ domain: "sigenstor", service: "clear_override", data: { config_entry_id: "ENTRY1" } });
  });

  it("says when a release is not confirmed yet, or a command did not take", async () => {
    let hass = withState(fakeHass(), "sensor.plant_remote_control", "releasing");
    let el = await mount(hass);
    expect(text(el, ".banner.releasing .banner-title")).toBe("RELEASING");
    document.body.innerHTML = "";
    hass = withState(fakeHass(), "binary_sensor.plant_override_active", "off", { problem: "not_confirmed" });
    el = await mount(hass);
    expect(text(el, ".banner.unconfirmed .banner-title")).toBe("NOT CONFIRMED");
  });

  it("shows the emergency stop banner and disables force buttons", async () => {
    const hass = withState(fakeHass(), "binary_sensor.plant_emergency_stop", "on");
    const el = await mount(hass);
    expect(text(el, ".banner.estop .banner-title")).toBe("EMERGENCY STOP");
    expect(($(el, 'button[data-action="force_charge"]') as HTMLButtonElement).disabled).toBe(true);
    ($(el, ".banner .release") as HTMLButtonElement).click();
    await settle(el);
    expect(last(hass)).toEqual({ domain: "sigenstor", service: "clear_emergency_stop", data: { config_entry_id: "ENTRY1" } });
  });

  it("Force Charge asks in a dialog and calls the action with power, target, source and duration", async () => {
    const hass = fakeHass();
    const el = await mount(hass, { charge_power: 4, charge_target_soc: 85, duration_minutes: 90 });
    ($(el, 'button[data-action="force_charge"]') as HTMLButtonElement).click();
    await settle(el);
    expect($(el, ".dialog")).not.toBeNull();
    const power = $(el, 'input[name="power"]') as HTMLInputElement;
    power.value = "5.5";
    power.dispatchEvent(new Event("change"));
    await settle(el);
    ($(el, "button.start") as HTMLButtonElement).click();
    await settle(el);
    expect(last(hass)).toEqual({
      domain: "sigenstor",
      service: "force_charge",
      data: { config_entry_id: "ENTRY1", power: 5.5, target_soc: 85, source: "grid", duration: { hours: 1, minutes: 30 } },
    });
    expect($(el, ".dialog")).toBeNull();
  });

  it("calls directly without the dialog when confirm is off, and shows action errors", async () => {
    const hass = fakeHass();
    const el = await mount(hass, { confirm: false, export_power: 2, export_floor_soc: 30, duration_minutes: 0 });
    ($(el, 'button[data-action="force_export"]') as HTMLButtonElement).click();
    await settle(el);
    expect(last(hass)).toEqual({ domain: "sigenstor", service: "force_export", data: { config_entry_id: "ENTRY1", power: 2, floor_soc: 30 } });
    hass.responses["force_hold"] = new Error("Override refused: emergency stop engaged");
    ($(el, 'button[data-action="force_hold"]') as HTMLButtonElement).click();
    await settle(el);
    expect(text(el, ".error")).toBe("Override refused: emergency stop engaged");
  });

  it("never throws without entities or entries, and says so", async () => {
    const hass = fakeHass([]);
    hass.callWS = async () => {
      throw new Error("offline");
    };
    const el = await mount(hass);
    expect(text(el, ".missing")).toContain("No SigenStor entities found");
    expect(text(el, ".soc-value")).toBe("—");
    expect(text(el, ".optimiser .muted")).toBe("Optimiser not available");
  });

  it("offers a stub config, grid options and an editor", async () => {
    const ctor = customElements.get("sigenstor-dashboard-card") as unknown as {
      getStubConfig(): object;
      getConfigElement(): Promise<HTMLElement>;
    };
    expect(ctor.getStubConfig()).toEqual({ type: "custom:sigenstor-dashboard-card" });
    const editor = await ctor.getConfigElement();
    expect(editor.tagName.toLowerCase()).toBe("sigenstor-dashboard-card-editor");
    const el = document.createElement("sigenstor-dashboard-card") as Card & { getGridOptions(): object; getCardSize(): number };
    expect(el.getGridOptions()).toMatchObject({ columns: 12, min_columns: 6 });
    expect(el.getCardSize()).toBeGreaterThan(0);
  });

  it("renders the first frame quickly", async () => {
    const hass = fakeHass();
    const t0 = performance.now();
    const el = document.createElement("sigenstor-dashboard-card") as Card;
    el.setConfig({ type: "custom:sigenstor-dashboard-card" });
    el.hass = hass;
    document.body.appendChild(el);
    await el.updateComplete;
    const ms = performance.now() - t0;
    expect($(el, ".soc-value")).not.toBeNull();
    // happy-dom is slower than a browser; this only guards against gross regressions.
    expect(ms).toBeLessThan(250);
  });
});
