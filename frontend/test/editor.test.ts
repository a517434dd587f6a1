// @vitest-environment happy-dom
import { beforeAll, describe, expect, it } from "vitest";

beforeAll(async () => {
  await import("../src/index");
});

type Editor = HTMLElement & { setConfig(c: object): void; updateComplete: Promise<unknown> };
type Form = HTMLElement & { schema: Array<{ name: string; schema?: Array<{ name: string }> }>; data: object; computeLabel(i: { name: string }): string };

describe("card editors", () => {
  for (const [card, keys] of [
    ["sigenstor-dashboard-card", ["charge_power", "charge_target_soc", "export_floor_soc", "duration_minutes", "confirm"]],
    ["sigenstor-plan-card", ["hours_ahead", "hours_back"]],
    ["sigenstor-schedule-card", ["title", "device_id", "entry_id"]],
  ] as const) {
    it(`${card}: ha-form with the card's fields, and config-changed on edits`, async () => {
      const ctor = customElements.get(card) as unknown as { getConfigElement(): Promise<Editor> };
      const editor = await ctor.getConfigElement();
      editor.setConfig({ type: `custom:${card}`, title: "Mine" });
      document.body.appendChild(editor);
      await editor.updateComplete;
      const form = editor.shadowRoot!.querySelector("ha-form") as Form;
      const names = form.schema.flatMap((i) => (i.schema ? i.schema.map((s) => s.name) : [i.name]));
      for (const key of keys) expect(names).toContain(key);
      expect(form.data).toEqual({ type: `custom:${card}`, title: "Mine" });
      expect(form.computeLabel({ name: "device_id" })).toBe("Plant device (optional)");
      const events: Array<{ config: object }> = [];
      editor.addEventListener("config-changed", (e) => events.push((e as CustomEvent).detail));
      form.dispatchEvent(new CustomEvent("value-changed", { detail: { value: { type: `custom:${card}`, title: "", hours_ahead: 36 } } }));
      expect(events).toEqual([{ config: { type: `custom:${card}`, hours_ahead: 36 } }]);
      editor.remove();
    });
  }
});
