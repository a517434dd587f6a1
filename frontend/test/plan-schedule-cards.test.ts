// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { fakeHass, settle, type FakeHass } from "./helpers/fake-hass";
import { $, $$, mount, text } from "./helpers/mount";

beforeAll(async () => {
  await import("../src/index");
});
afterEach(() => {
  document.body.innerHTML = "";
});

const last = (hass: FakeHass) => hass.calls[hass.calls.length - 1];

describe("sigenstor-plan-card", () => {
  const hour = 3_600_000;
  const start = Math.floor(Date.now() / (hour / 2)) * (hour / 2);
  const steps = Array.from({ length: 12 }, (_, i) => ({
    start: new Date(start + (i * hour) / 2).toISOString(),
    end: new Date(start + ((i + 1) * hour) / 2).toISOString(),
    action: i < 4 ? "charge_grid" : i < 8 ? "hold" : "export",
    power_kw: 3,
    soc: 40 + i * 4,
    buy_price: i === 5 ? -0.05 : 0.25,
    feed_in_price: 0.05,
    pv_kw: 1,
    load_kw: 0.6,
    reason: "test",
  }));

  it("draws the plan from get_plan with actions, price below zero and past SoC", async () => {
    const hass = fakeHass();
    hass.responses["get_plan"] = { generated_at: new Date().toISOString(), mode: "auto", decision: "charge_grid", reason: "Cheap overnight", steps };
    hass.callWS = (async (msg: Record<string, unknown>) => {
      hass.ws.push(msg);
      if (msg["type"] === "config_entries/get") return [{ entry_id: "ENTRY1", domain: "sigenstor", state: "loaded" }];
      if (msg["type"] === "history/history_during_period") {
        const t = Date.now() / 1000;
        return { "sensor.plant_battery_soc": [{ s: "30", lu: t - 7200 }, { s: "38", lu: t - 600 }] };
      }
      throw new Error("unexpected");
    }) as FakeHass["callWS"];
    const el = await mount("sigenstor-plan-card", hass, { hours_back: 3 });
    expect(text(el, ".decision")).toBe("Charge from grid · Cheap overnight");
    expect(text(el, ".mode")).toBe("auto");
    expect($$(el, "rect.block").map((r) => r.getAttribute("data-action"))).toEqual(["charge_grid", "hold", "export"]);
    expect($(el, "path.soc.past")!.getAttribute("d")).toMatch(/^M/);
    expect($(el, "path.soc.plan")!.getAttribute("d")).toMatch(/^M/);
    expect($(el, "line.zero")).not.toBeNull();
    const history = hass.ws.find((m) => m["type"] === "history/history_during_period")!;
    expect(history["entity_ids"]).toContain("sensor.plant_battery_soc");
    expect(history["minimal_response"]).toBe(true);
  });

  it("draws the backup reserve as the plan's SoC floor, in the legend too", async () => {
    const hass = fakeHass();
    const limits = { reserve_soc: 30, import_cap_kw: 5, export_cap_kw: null };
    hass.responses["get_plan"] = { mode: "auto", decision: "hold", steps, limits };
    const el = await mount("sigenstor-plan-card", hass, { hours_back: 0 });
    const line = $(el, "line.reserve")!;
    const floorY = Number(line.getAttribute("y1"));
    const bottom = Number($(el, "line.grid-line")!.getAttribute("y1"));
    expect(floorY).toBeLessThan(bottom);
    expect(text(el, ".l-reserve")).toMatch(/^SoC floor 30/);
    hass.responses["get_plan"] = { mode: "auto", decision: "hold", steps, limits: null };
    const bare = await mount("sigenstor-plan-card", hass, { hours_back: 0 });
    expect($(bare, "line.reserve")).toBeNull();
    expect($(bare, ".l-reserve")).toBeNull();
  });

  it("says so when there is no plan and no history", async () => {
    const el = await mount("sigenstor-plan-card", fakeHass(), { hours_back: 0 });
    expect(text(el, ".empty")).toBe("No plan yet");
  });
});

describe("sigenstor-schedule-card", () => {
  const schedules = [
    { id: "s1", name: "Night", action: "charge", start: "23:00", end: "05:00", days: ["sun"], priority: 1, enabled: true, power_kw: 5, target_soc: 90 },
    { id: "s2", name: "Peak", action: "discharge", start: "17:00", end: "20:00", days: ["mon", "tue"], priority: 0, enabled: false, power_kw: null, target_soc: 20 },
  ];

  function hassWithSchedules(): FakeHass {
    const hass = fakeHass();
    hass.responses["list_schedules"] = { schedules };
    hass.responses["set_schedule"] = { schedule_id: "new" };
    hass.responses["delete_schedule"] = undefined;
    return hass;
  }

  it("draws the week with wrapped windows and lists the schedules", async () => {
    const el = await mount("sigenstor-schedule-card", hassWithSchedules());
    // Sunday night's tail shows on Monday morning.
    expect($$(el, '.col[data-day="6"] .blk').map((b) => b.dataset["id"])).toEqual(["s1"]);
    expect($$(el, '.col[data-day="0"] .blk').map((b) => b.dataset["id"])).toEqual(["s1", "s2"]);
    expect($(el, '.col[data-day="1"] .blk.off')).not.toBeNull();
    expect($$(el, ".row").length).toBe(2);
    expect(text(el, '.row[data-id="s1"] .muted')).toMatch(/^Charge 11:00\s?PM–5:00\s?AM · Sun$/i);
  });

  it("creates a schedule through the form, validating first", async () => {
    const hass = hassWithSchedules();
    const el = await mount("sigenstor-schedule-card", hass);
    ($(el, "button.add") as HTMLButtonElement).click();
    await settle(el);
    ($(el, "button.save") as HTMLButtonElement).click();
    await settle(el);
    expect(text(el, ".field-error")).toBe("Name is required");
    expect(hass.calls.some((c) => c.service === "set_schedule")).toBe(false);
    const name = $(el, 'input[name="name"]') as HTMLInputElement;
    name.value = "Solar soak";
    name.dispatchEvent(new Event("input"));
    await settle(el);
    ($(el, "button.save") as HTMLButtonElement).click();
    await settle(el);
    const set = hass.calls.find((c) => c.service === "set_schedule")!;
    expect(set.data).toMatchObject({ config_entry_id: "ENTRY1", name: "Solar soak", action: "charge", start: "00:00", end: "06:00", enabled: true });
    expect(set.data["days"]).toHaveLength(7);
    expect($(el, ".form")).toBeNull();
    expect(last(hass)?.service).toBe("list_schedules"); // reloaded after the change
  });

  it("toggles, edits and deletes (with a confirming second press)", async () => {
    const hass = hassWithSchedules();
    const el = await mount("sigenstor-schedule-card", hass);
    ($(el, '.row[data-id="s2"] button.toggle') as HTMLButtonElement).click();
    await settle(el);
    expect(hass.calls.find((c) => c.service === "set_schedule")!.data).toMatchObject({ schedule_id: "s2", enabled: true, target_soc: 20 });

    ($(el, '.row[data-id="s1"] button.edit') as HTMLButtonElement).click();
    await settle(el);
    expect(($(el, 'input[name="name"]') as HTMLInputElement).value).toBe("Night");

    const del = () => $(el, '.row[data-id="s1"] button.delete') as HTMLButtonElement;
    del().click();
    await settle(el);
    expect(hass.calls.some((c) => c.service === "delete_schedule")).toBe(false);
    expect(del().textContent!.trim()).toBe("Confirm");
    del().click();
    await settle(el);
    expect(hass.calls.find((c) => c.service === "delete_schedule")!.data).toEqual({ config_entry_id: "ENTRY1", schedule_id: "s1" });
  });

  it("shows an error instead of throwing when the actions are missing", async () => {
    const el = await mount("sigenstor-schedule-card", fakeHass());
    expect(text(el, ".error")).toContain("Schedules unavailable");
    expect(text(el, ".empty")).toBe("No schedules yet");
  });
});
