// End to end: Debian's Chromium (via playwright-core) against the running demo stack.
// Logs in, opens the example dashboard, checks the cards against the simulator, presses Force
// Charge, edits a schedule, saves screenshots and prints one JSON line of figures last.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");
const HA = process.env.SIGEN_HA_URL ?? "http://127.0.0.1:8123";
const SIM_PORT = process.env.SIGEN_SIM_PORT ?? "5020";
const PYTHON = process.env.SIGEN_PYTHON ?? "python";
const SHOTS = process.env.SIGEN_SCREENSHOTS ?? resolve(ROOT, "docs/screenshots");
const DASHBOARD = `${HA}/sigenstor-dashboard`;
const BUNDLE = resolve(ROOT, "custom_components/sigenstor/frontend/sigenstor-cards.js");
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const checks = [];
/** Record one named check; `ok` must be a real outcome, never assumed. */
function check(name, ok, detail = "") {
  checks.push({ name, ok: Boolean(ok), detail });
  console.log(`${ok ? "PASS" : "FAIL"} ${name}${detail ? `: ${detail}` : ""}`);
}

async function attempt(name, fn) {
  try {
    await fn();
  } catch (err) {
    check(name, false, String(err?.message ?? err).split("\n")[0]);
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Poll `fn` until it returns a truthy value or the time runs out; returns the last value. */
async function until(fn, ms = 20_000, every = 500) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await fn().catch(() => undefined);
    if (last) return last;
    await sleep(every);
  }
  return last;
}

// ------------------------------------------------------------------ Home Assistant over HTTP

async function login() {
  const clientId = `${HA}/`;
  const post = async (path, body, form = false) => {
    const resp = await fetch(`${HA}${path}`, {
      method: "POST",
      headers: { "Content-Type": form ? "application/x-www-form-urlencoded" : "application/json" },
      body: form ? new URLSearchParams(body) : JSON.stringify(body),
    });
    if (!resp.ok) throw new Error(`${path}: HTTP ${resp.status}`);
    return resp.json();
  };
  const flow = await post("/auth/login_flow", {
    client_id: clientId,
    handler: ["homeassistant", null],
    redirect_uri: clientId,
  });
  const done = await post(`/auth/login_flow/${flow.flow_id}`, {
    client_id: clientId,
    username: process.env.SIGEN_DEMO_USER ?? "demo",
    password: process.env.SIGEN_DEMO_PASSWORD ?? "sigenstor-demo",
  });
  if (done.type !== "create_entry") throw new Error(`login flow: ${JSON.stringify(done.errors)}`);
  const tokens = await post(
    "/auth/token",
    { grant_type: "authorization_code", code: done.result, client_id: clientId },
    true,
  );
  return { ...tokens, clientId };
}

function api(token) {
  const call = async (method, path, body) => {
    const resp = await fetch(`${HA}/api${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!resp.ok) throw new Error(`${method} ${path}: HTTP ${resp.status} ${await resp.text()}`);
    return resp.json();
  };
  return {
    state: (id) => call("GET", `/states/${id}`),
    states: () => call("GET", "/states"),
    entries: () => call("GET", "/config/config_entries/entry"),
    action: async (service, data, response = false) => {
      const result = await call("POST", `/services/sigenstor/${service}${response ? "?return_response" : ""}`, data);
      return response ? result.service_response : result;
    },
  };
}

/** The simulator's registers, read over a second Modbus connection (an independent witness). */
function readSimulator() {
  const out = execFileSync(PYTHON, [resolve(HERE, "read_sim.py"), "--port", SIM_PORT], { encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").pop());
}

// ------------------------------------------------------------------ browser helpers

/** Runs in the page before any script: time each dashboard card from creation to first update. */
function firstRenderProbe() {
  window.__sigenRenders = [];
  const define = customElements.define.bind(customElements);
  customElements.define = (name, cls, options) => {
    if (name !== "sigenstor-dashboard-card") return define(name, cls, options);
    const Timed = class extends cls {
      constructor() {
        super();
        const start = performance.now();
        const record = { start, ms: null };
        window.__sigenRenders.push(record);
        const done = this.updateComplete;
        if (done && typeof done.then === "function") {
          done.then(() => (record.ms = performance.now() - start));
        }
      }
    };
    return define(name, Timed, options);
  };
}

async function openDashboard(page, view) {
  await page.goto(`${DASHBOARD}/${view}`, { waitUntil: "domcontentloaded" });
}

async function cardText(page, tag) {
  return page.locator(tag).first().evaluate((el) => el.shadowRoot?.textContent ?? el.textContent ?? "");
}

// ------------------------------------------------------------------ the run

async function main() {
  mkdirSync(SHOTS, { recursive: true });

  const tokens = await login();
  const ha = api(tokens.access_token);
  // The demo's last options change reloads the entry; wait for it to be loaded again.
  const entry = await until(
    async () => (await ha.entries()).find((e) => e.domain === "sigenstor" && e.state === "loaded"),
    90_000,
    1000,
  );
  check("config entry loaded", entry, entry?.title);
  const entryId = entry?.entry_id;
  const states = await ha.states();
  const find = (pred) => states.find((s) => pred(s.entity_id))?.entity_id;
  const socId = find((id) => /^sensor\..*battery_state_of_charge$/.test(id) && !id.includes("inverter"));
  const overrideId = find((id) => /^binary_sensor\..*override_active$/.test(id));
  const controlId = find((id) => /^sensor\..*remote_control$/.test(id));

  const browser = await chromium.launch({
    executablePath: process.env.SIGEN_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: FLAGS,
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 1000 },
      deviceScaleFactor: 1,
      timezoneId: "Australia/Brisbane",
      locale: "en-AU",
    });
    const hassTokens = {
      access_token: tokens.access_token,
      refresh_token: tokens.refresh_token,
      token_type: "Bearer",
      expires_in: tokens.expires_in,
      expires: Date.now() + tokens.expires_in * 1000,
      hassUrl: HA,
      clientId: tokens.clientId,
    };
    await context.addInitScript((t) => {
      window.localStorage.setItem("hassTokens", JSON.stringify(t));
    }, hassTokens);
    await context.addInitScript(firstRenderProbe);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const consoleErrors = [];
    page.on("pageerror", (err) => consoleErrors.push(String(err)));

    // ---- the resource is registered and the cards render
    await attempt("dashboard opens with our cards", async () => {
      await openDashboard(page, "home");
      await page.locator("sigenstor-dashboard-card").first().waitFor({ state: "attached", timeout: 60_000 });
      check("dashboard opens with our cards", true);
    });
    const resources = await page
      .evaluate(() => document.querySelector("home-assistant")?.hass?.connection?.sendMessagePromise({ type: "lovelace/resources" }))
      .catch(() => undefined);
    const ours = (resources ?? []).filter((r) => r.url.startsWith("/sigenstor_static/sigenstor-cards.js"));
    check("one versioned Lovelace resource", ours.length === 1 && /\?v=[0-9a-f]{12}$/.test(ours[0].url), ours.map((r) => r.url).join(", "));

    const renders = await until(() => page.evaluate(() => window.__sigenRenders.filter((r) => r.ms !== null)), 20_000);
    figures.firstRenderMs = renders?.length ? Math.round(renders[0].ms * 10) / 10 : null;
    check("dashboard card first render measured", figures.firstRenderMs !== null, `${figures.firstRenderMs} ms`);

    // ---- SoC on the card equals HA's state, which equals the simulator's register
    await attempt("card SoC equals the simulator's", async () => {
      const soc = page.locator("sigenstor-dashboard-card .soc-value").first();
      await soc.waitFor({ timeout: 30_000 });
      const result = await until(async () => {
        const haSoc = Number((await ha.state(socId)).state);
        const sim = readSimulator();
        const shown = (await soc.textContent())?.trim();
        const ok = shown === `${Math.round(haSoc)}%` && Math.abs(sim.plant_ess_soc - haSoc) <= 0.5;
        return ok ? { shown, haSoc, sim: sim.plant_ess_soc } : undefined;
      }, 30_000, 1000);
      check("card SoC equals the simulator's", result, JSON.stringify(result ?? {}));
    });

    // ---- #12 item 14: the predicted next change lies ahead, on a step boundary, and the card says it
    await attempt("next change is ahead on a step boundary", async () => {
      const nextId = find((id) => /^sensor\..*optimiser_next_change$/.test(id));
      const seen = await until(async () => {
        const st = nextId ? await ha.state(nextId) : undefined;
        return st && st.state !== "unavailable" ? st : undefined;
      }, 120_000, 3000);
      const card = page.locator("sigenstor-dashboard-card").first();
      const line = ((await card.locator(".opt-meta .next").first().textContent({ timeout: 2000 }).catch(() => "")) ?? "").trim();
      if (!seen || seen.state === "unknown") {
        check("next change is ahead on a step boundary", !!seen && line === "", `no change planned; card: "${line}"`);
        return;
      }
      const at = new Date(seen.state);
      // Plans run 2 s after each 5-minute boundary, so a passed boundary is replaced within seconds.
      const ahead = at.getTime() >= Date.now() - 60_000;
      const boundary = at.getUTCSeconds() === 0 && at.getUTCMinutes() % 5 === 0;
      check("next change is ahead on a step boundary", ahead && boundary && /^Next: .+ at .+$/.test(line), `${seen.state} (${seen.attributes.action}); card: "${line}"`);
    });

    // ---- a fresh demo is not empty: today's tiles come from the seeded and live statistics
    await attempt("today tiles show energy on first open", async () => {
      const card = page.locator("sigenstor-dashboard-card").first();
      const pv = await until(async () => {
        const text = ((await card.locator(".t-load .v").textContent()) ?? "").trim();
        return /^\d[\d.,]* kWh$/.test(text) ? text : undefined;
      }, 30_000, 1000);
      check("today tiles show energy on first open", pv, pv ?? "—");
      const self = card.locator(".self");
      if (await self.count()) {
        const load = Number((pv ?? "0").replace(/[^\d.]/g, ""));
        check("self-sufficiency only with house use", load >= 0.1, `${await self.textContent()} at ${pv}`);
      }
    });

    // ---- the plan card draws the optimiser's plan (the first plan comes a little after startup)
    await attempt("plan card draws the plan", async () => {
      const steps = await until(async () => {
        const plan = await ha.action("get_plan", { config_entry_id: entryId }, true);
        return plan?.steps?.length ? plan.steps.length : undefined;
      }, 120_000, 3000);
      check("optimiser plan available", steps, `${steps ?? 0} steps`);
      const path = page.locator("sigenstor-plan-card path.soc.plan").first();
      const drawn = async () => ((await path.getAttribute("d", { timeout: 2000 })) ?? "").length > 10;
      let ok = await until(drawn, 30_000, 1000);
      if (!ok) {
        // The card fetches the plan on load and then periodically: a reload asks again.
        await openDashboard(page, "home");
        ok = await until(drawn, 30_000, 1000);
      }
      check("plan card draws the plan", ok);
      // Hover values: the pointer over the chart shows the planned values there.
      const chart = page.locator("sigenstor-plan-card svg.chart").first();
      const box = await chart.boundingBox();
      if (box) await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.3);
      const tip = page.locator("sigenstor-plan-card .tip .v-soc").first();
      const shown = await tip.textContent({ timeout: 5000 }).catch(() => "");
      check("plan card shows values under the pointer", /^SoC \d+ %$/.test((shown ?? "").trim()), shown ?? "");
      await page.mouse.move(0, 0);
      // SoC is not drawn in the self-consumption colour.
      const colours = await page.locator("sigenstor-plan-card").first().evaluate((el) => {
        const root = el.shadowRoot;
        const probe = document.createElement("span");
        probe.style.color = "var(--sg-self)";
        root.querySelector("ha-card").appendChild(probe);
        const self = getComputedStyle(probe).color;
        probe.remove();
        const soc = getComputedStyle(root.querySelector("path.soc.plan")).stroke;
        return { soc, self };
      });
      check("plan SoC colour differs from self-consumption", colours.soc && colours.soc !== colours.self, JSON.stringify(colours));
    });

    await page.waitForTimeout(1500);
    await page.screenshot({ path: resolve(SHOTS, "dashboard.png"), fullPage: true });

    // ---- Force Charge: the simulator receives the guarded write; the banner appears
    const startedAt = Date.now();
    await attempt("force charge reaches the simulator", async () => {
      await page.locator('sigenstor-dashboard-card button[data-action="force_charge"]').first().click();
      const start = page.locator("sigenstor-dashboard-card button.start").first();
      if (await start.isVisible({ timeout: 3_000 }).catch(() => false)) {
        await page.locator("sigenstor-dashboard-card").first().screenshot({ path: resolve(SHOTS, "force-charge-dialog.png") });
        await start.click();
      }
      const override = await until(async () => (await ha.state(overrideId)).state === "on", 20_000);
      check("override_active is on in Home Assistant", override, overrideId);
      const sim = await until(async () => {
        const regs = readSimulator();
        return regs.remote_ems_enable === 1 && [3, 4].includes(regs.remote_ems_control_mode) ? regs : undefined;
      }, 20_000, 1000);
      check("force charge reaches the simulator", sim, JSON.stringify(sim ?? readSimulator()));
      const audit = await ha.action("get_audit_log", { config_entry_id: entryId, limit: 50 }, true);
      const writes = (audit?.records ?? []).filter(
        (r) => Date.parse(r.time) >= startedAt - 2000 && r.key === "remote_ems_control_mode" && r.result === "ok",
      );
      check("audit log records the write", writes.length > 0, JSON.stringify(writes.at(-1) ?? {}));
      const banner = page.locator("sigenstor-dashboard-card .banner.override").first();
      await banner.waitFor({ timeout: 15_000 });
      check("OVERRIDE ACTIVE banner shown", /OVERRIDE ACTIVE/.test((await banner.textContent()) ?? ""));
      await page.locator("sigenstor-dashboard-card").first().screenshot({ path: resolve(SHOTS, "dashboard-card-override.png") });
      const planOverride = page.locator("sigenstor-plan-card .override").first();
      const planText = await planOverride.textContent({ timeout: 15_000 }).catch(() => "");
      check("plan card shows the active override", /Override active: Force charge/.test(planText ?? ""), (planText ?? "").trim());
    });

    // ---- Stop releases the override again
    await attempt("stop clears the override", async () => {
      await page.locator('sigenstor-dashboard-card button[data-action="clear_override"]').first().click();
      const off = await until(async () => (await ha.state(overrideId)).state === "off", 20_000);
      check("stop clears the override", off);
      // The controller reads the release back before it calls the plant released.
      const released = await until(async () => (await ha.state(controlId)).state === "released", 20_000);
      check("Remote control reads back released", released, controlId);
    });

    // ---- a schedule created and edited in the schedule card, with Home Assistant's selectors
    const name = "Cheap night charge";
    /** Set an ha-selector time field: hours and minutes as typed by an owner (AM/PM stays as shown). */
    async function setTime(card, field, hours, minutes) {
      const wrap = card.locator(`[data-field="${field}"]`);
      for (const [part, value] of [["hours", hours], ["minutes", minutes]]) {
        const input = wrap.locator(`ha-textfield[name="${part}"] input`).first();
        await input.fill(String(value));
        await input.press("Tab");
      }
    }
    const listSchedules = async () => (await ha.action("list_schedules", { config_entry_id: entryId }, true))?.schedules ?? [];
    await attempt("schedule card", async () => {
      const card = page.locator("sigenstor-schedule-card").first();
      await card.locator("button.add").click();
      await card.locator('[data-field="start"] ha-selector').waitFor({ timeout: 15_000 });
      const native = await card.locator('input[type="time"]').count();
      check("schedule times use Home Assistant's time selector", native === 0, `${native} browser time inputs`);
      await card.locator('input[name="name"]').fill(name);
      await card.locator('select[name="action"]').selectOption("charge");
      await setTime(card, "start", 1, 0); // the new form starts at 00:00 (12 AM): 1:00 AM
      await setTime(card, "end", 4, 0); // and ends at 06:00 AM: 4:00 AM
      await card.locator('input[name="power"]').fill("3");
      await card.locator('input[name="target_soc"]').fill("80");
      await card.locator("button.save").click();
      const listed = await until(async () => (await listSchedules()).find((s) => s.name === name), 15_000);
      check("schedule created in the card", listed && listed.start === "01:00" && listed.end === "04:00", JSON.stringify(listed ?? {}));
      if (!listed) return;
      const row = card.locator(".row", { hasText: name });
      const rowText = ((await row.locator(".muted").textContent()) ?? "").replace(/\s+/g, " ").trim();
      // The demo user's language is English, which Home Assistant shows with a 12 h clock.
      check("schedule times follow the owner's locale", /1:00\s?AM–4:00\s?AM/i.test(rowText), rowText);
      await row.locator("button.edit").click();
      await setTime(card, "end", 5, 30);
      await card.locator("button.save").click();
      const edited = await until(async () => {
        const s = (await listSchedules()).find((x) => x.name === name);
        return s?.end === "05:30" ? s : undefined;
      }, 15_000);
      const sid = (x) => x?.id ?? x?.schedule_id;
      check("schedule edited in the card", sid(edited) && sid(edited) === sid(listed), JSON.stringify(edited ?? {}));
      // A discharge without a floor: saved (the card leaves target_soc out rather than send null).
      await row.locator("button.edit").click();
      await card.locator('select[name="action"]').selectOption("discharge");
      await card.locator('input[name="target_soc"]').fill("");
      await card.locator("button.save").click();
      const discharge = await until(async () => {
        const s = (await listSchedules()).find((x) => x.name === name);
        return s?.action === "discharge" ? s : undefined;
      }, 15_000);
      const cardError = await card.locator(".error").count();
      check(
        "discharge without a floor saved",
        discharge && discharge.target_soc === null && cardError === 0,
        JSON.stringify(discharge ?? {}),
      );
      await page.waitForTimeout(800);
      await card.screenshot({ path: resolve(SHOTS, "schedule-card.png") });
      const id = sid(discharge) ?? sid(edited) ?? sid(listed);
      if (id) await ha.action("delete_schedule", { config_entry_id: entryId, schedule_id: id }).catch(() => undefined);
    });

    // ---- German: the cards follow the owner's language (Home Assistant's own setting)
    await attempt("cards in German", async () => {
      const de = await context.newPage();
      await de.addInitScript(() => window.localStorage.setItem("selectedLanguage", JSON.stringify("de")));
      await openDashboard(de, "home");
      const card = de.locator("sigenstor-dashboard-card").first();
      const title = await until(async () => {
        const t = ((await card.locator(".energy .section-title").textContent({ timeout: 2000 })) ?? "").trim();
        return t === "Heute" ? t : undefined;
      }, 30_000, 1000);
      const button = ((await card.locator('button[data-action="force_charge"]').textContent()) ?? "").trim();
      check("cards in German", title === "Heute" && button === "Laden", `${title} / ${button}`);
      await de.close();
    });

    await attempt("plan card screenshot", async () => {
      await page.locator("sigenstor-plan-card").first().screenshot({ path: resolve(SHOTS, "plan-card.png") });
    });

    // ---- history view (Home Assistant's own cards) and a phone-width screen
    await attempt("history view renders", async () => {
      await openDashboard(page, "history");
      const cards = page.locator("hui-statistics-graph-card");
      await cards.first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(4000);
      const texts = await cards.evaluateAll((els) => els.map((el) => (el.shadowRoot?.textContent ?? "").replace(/\s+/g, " ")));
      // The seeded charts (prices, consumption, solar vs forecast, SoC, energy per day) have data.
      const empty = texts.slice(0, 5).filter((t) => /No statistics found/i.test(t)).length;
      check("history charts show statistics on first open", texts.length >= 5 && empty === 0, `${texts.length} charts, ${empty} empty`);
      // The markdown is rendered inside the card's shadow roots: a locator pierces them, textContent does not.
      const note = page.locator("hui-markdown-card").getByText(/Statistics before .* are simulated/).first();
      const noted = await note.waitFor({ timeout: 10_000 }).then(() => true, () => false);
      const noteText = noted ? ((await note.textContent()) ?? "") : "";
      check("seeded history is marked as demo data", noted && /not measured/.test(noteText), noteText.slice(0, 80));
      await page.screenshot({ path: resolve(SHOTS, "history.png"), fullPage: true });
      check("history view renders", true);
    });

    // ---- the seed is idempotent: a second run leaves the same rows
    await attempt("demo history seeding is idempotent", async () => {
      const stats = () =>
        page.evaluate(async () => {
          const conn = document.querySelector("home-assistant").hass.connection;
          const res = await conn.sendMessagePromise({
            type: "recorder/statistics_during_period",
            start_time: new Date(Date.now() - 5 * 86_400_000).toISOString(),
            period: "hour",
            statistic_ids: ["sensor.sigenstor_solar_energy", "sigenstor:demo_history"],
            types: ["sum", "mean"],
          });
          const rows = res["sensor.sigenstor_solar_energy"] ?? [];
          return { rows: rows.length, marker: (res["sigenstor:demo_history"] ?? []).length, first: rows[0]?.sum ?? null };
        });
      const before = await stats();
      figures.seededRows = before.marker;
      execFileSync(PYTHON, ["-m", "replay.demo_seed", "--url", HA], { cwd: ROOT, encoding: "utf8" });
      const after = await stats();
      check(
        "demo history seeding is idempotent",
        before.marker >= 48 && before.rows > 48 && after.rows === before.rows && after.marker === before.marker && after.first === before.first,
        `${JSON.stringify(before)} -> ${JSON.stringify(after)}`,
      );
    });

    // ---- money sensors have statistics (TOTAL with a daily reset)
    await attempt("money sensors are totals", async () => {
      const all = await ha.states();
      const money = all.filter((x) => /_(savings_today|expected_cost_today)$/.test(x.entity_id));
      const ok = money.length === 2 && money.every((x) => x.attributes.state_class === "total" && x.attributes.last_reset);
      check("money sensors are totals", ok, money.map((x) => `${x.entity_id}: ${x.attributes.state_class}`).join(", "));
    });
    // ---- the solar forecast is chosen in Home Assistant's own Energy dialog, not over the websocket
    await attempt("solar forecast picked in the Energy dialog", async () => {
      const ws = (msg) =>
        page.evaluate((m) => document.querySelector("home-assistant").hass.connection.sendMessagePromise(m), msg);
      const solarOf = (prefs) => prefs.energy_sources.find((s) => s.type === "solar");
      // Start from "no forecast", so only the dialog can put ours back.
      const prefs = await ws({ type: "energy/get_prefs" });
      solarOf(prefs).config_entry_solar_forecast = null;
      await ws({ type: "energy/save_prefs", energy_sources: prefs.energy_sources });
      let stage = "open Settings → Energy";
      try {
        await page.goto(`${HA}/config/energy`, { waitUntil: "domcontentloaded" });
        const section = page.locator("ha-energy-solar-settings");
        await section.getByText("SigenStor Solar energy").waitFor({ timeout: 30_000 });
        stage = "edit the solar source";
        // By position, not by label: the profile's language is German by now (the card check).
        await section.locator(".row").filter({ hasText: "SigenStor Solar energy" }).locator("ha-icon-button").first().click();
        const dialog = page.locator("dialog-energy-solar-settings");
        stage = "choose Forecast production";
        await dialog.locator("ha-radio[value='true']").click({ timeout: 30_000 });
        stage = `tick ${entry.title}`;
        await dialog.locator("ha-formfield").filter({ hasText: entry.title }).locator("ha-checkbox").click();
        await page.screenshot({ path: resolve(SHOTS, "energy-solar-forecast.png") });
        stage = "save";
        await dialog.locator("mwc-button[slot='primaryAction'], ha-button[slot='primaryAction']").first().click();
      } catch (err) {
        await page.screenshot({ path: resolve(SHOTS, "energy-solar-forecast-failed.png") }).catch(() => {});
        throw new Error(`${stage}: ${String(err?.message ?? err).split("\n")[0]}`);
      }
      const saved = await until(async () => {
        const forecast = solarOf(await ws({ type: "energy/get_prefs" })).config_entry_solar_forecast;
        return forecast?.includes(entryId) ? forecast : undefined;
      }, 10_000);
      check("solar forecast picked in the Energy dialog", saved, JSON.stringify(saved ?? null));
    });
    await attempt("phone-width dashboard", async () => {
      const phone = await context.newPage();
      await phone.setViewportSize({ width: 390, height: 844 });
      await openDashboard(phone, "home");
      const card = phone.locator("sigenstor-dashboard-card").first();
      await card.locator(".soc-value").waitFor({ timeout: 30_000 });
      const width = await card.evaluate((el) => el.getBoundingClientRect().width);
      const overflow = await card.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
      check("phone-width dashboard", width <= 390 && !overflow, `card ${Math.round(width)} px wide`);
      await phone.waitForTimeout(1000);
      await phone.screenshot({ path: resolve(SHOTS, "dashboard-phone.png") });
      await phone.close();
    });
    check("no uncaught page errors", consoleErrors.length === 0, consoleErrors.slice(0, 3).join(" | "));
  } finally {
    await browser.close();
  }
}

// gzip -9 of the bundle as served (Home Assistant compresses static files on the fly).
const figures = {
  bundleKbGzip: Math.round((gzipSync(readFileSync(BUNDLE), { level: 9 }).length / 1024) * 10) / 10,
  firstRenderMs: null,
  seededRows: null,
};
try {
  await main();
} catch (err) {
  check("e2e run", false, String(err?.stack ?? err));
}
const passed = checks.length > 0 && checks.every((c) => c.ok);
const failed = checks.filter((c) => !c.ok).map((c) => c.name);
if (failed.length) console.log(`failed: ${failed.join("; ")}`);
console.log(
  JSON.stringify({
    bundle_kb_gzip: figures.bundleKbGzip,
    first_render_ms: figures.firstRenderMs,
    demo_history_hours: figures.seededRows,
    checks_passed: checks.filter((c) => c.ok).length,
    checks_total: checks.length,
    e2e_passed: passed,
  }),
);
process.exit(passed ? 0 : 1);
