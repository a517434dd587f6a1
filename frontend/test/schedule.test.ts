import { describe, expect, it } from "vitest";
import {
  emptyForm,
  formFromSchedule,
  formatHm,
  parseHm,
  parseSchedules,
  scheduleServiceData,
  toggleData,
  weekBlocks,
  type Schedule,
} from "../src/logic/schedule";

const sched = (over: Partial<Schedule>): Schedule => ({
  id: "a",
  name: "Night charge",
  action: "charge",
  start: "01:00",
  end: "05:00",
  days: ["mon"],
  priority: 0,
  enabled: true,
  power_kw: null,
  target_soc: null,
  ...over,
});

describe("times", () => {
  it("parses and formats HH:MM", () => {
    expect(parseHm("07:30")).toBe(450);
    expect(parseHm("7:05:00")).toBe(425);
    expect(parseHm("24:00")).toBeNull();
    expect(parseHm("12:60")).toBeNull();
    expect(parseHm(12)).toBeNull();
    expect(formatHm(450)).toBe("07:30");
    expect(formatHm(1440)).toBe("24:00");
  });
});

describe("weekBlocks", () => {
  it("places a plain window on each of its days", () => {
    const blocks = weekBlocks([sched({ days: ["mon", "wed"] })]);
    expect(blocks.map((b) => [b.day, b.startMin, b.endMin, b.continued])).toEqual([
      [0, 60, 300, false],
      [2, 60, 300, false],
    ]);
  });

  it("splits a window that wraps past midnight into tonight and tomorrow morning", () => {
    const blocks = weekBlocks([sched({ start: "22:00", end: "02:00", days: ["fri"] })]);
    expect(blocks.map((b) => [b.day, b.startMin, b.endMin, b.continued])).toEqual([
      [4, 1320, 1440, false],
      [5, 0, 120, true],
    ]);
  });

  it("wraps Sunday night into Monday morning", () => {
    const blocks = weekBlocks([sched({ start: "23:30", end: "00:30", days: ["sun"] })]);
    expect(blocks.map((b) => [b.day, b.startMin, b.endMin])).toEqual([
      [0, 0, 30],
      [6, 1410, 1440],
    ]);
  });

  it("draws no empty tail for a window ending exactly at midnight", () => {
    const blocks = weekBlocks([sched({ start: "18:00", end: "00:00", days: ["tue"] })]);
    expect(blocks.map((b) => [b.day, b.startMin, b.endMin])).toEqual([[1, 1080, 1440]]);
  });

  it("gives overlapping windows side-by-side lanes, and separate windows a full lane", () => {
    const blocks = weekBlocks([
      sched({ id: "a", start: "01:00", end: "05:00" }),
      sched({ id: "b", start: "03:00", end: "06:00" }),
      sched({ id: "c", start: "04:00", end: "04:30" }),
      sched({ id: "d", start: "10:00", end: "11:00" }),
    ]);
    const lane = (id: string) => blocks.find((b) => b.id === id)!;
    expect([lane("a").lane, lane("b").lane, lane("c").lane]).toEqual([0, 1, 2]);
    expect(new Set([lane("a").lanes, lane("b").lanes, lane("c").lanes])).toEqual(new Set([3]));
    expect([lane("d").lane, lane("d").lanes]).toEqual([0, 1]);
  });

  it("reuses a freed lane", () => {
    const blocks = weekBlocks([
      sched({ id: "a", start: "01:00", end: "03:00" }),
      sched({ id: "b", start: "02:00", end: "06:00" }),
      sched({ id: "c", start: "03:00", end: "04:00" }),
    ]);
    expect(blocks.find((b) => b.id === "c")!.lane).toBe(0);
    expect(blocks.every((b) => b.lanes === 2)).toBe(true);
  });
});

describe("parseSchedules", () => {
  it("reads the list_schedules response and skips malformed entries", () => {
    const res = {
      schedules: [
        { id: "x", name: "ok", action: "hold", start: "10:00", end: "11:00", days: ["mon", "funday"], priority: 3, enabled: false, power_kw: null, target_soc: null },
        { id: "y", name: "bad action", action: "dance", start: "10:00", end: "11:00", days: [] },
        { id: "z", name: "bad time", action: "charge", start: "25:00", end: "11:00", days: [] },
        null,
      ],
    };
    const list = parseSchedules(res);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: "x", days: ["mon"], priority: 3, enabled: false });
    expect(parseSchedules(undefined)).toEqual([]);
    expect(parseSchedules({ schedules: "nope" })).toEqual([]);
  });
});

describe("scheduleServiceData", () => {
  it("builds set_schedule data for a new charge window", () => {
    const form = { ...emptyForm(), name: "  Cheap  ", start: "23:00", end: "5:00", days: ["sun", "mon"] as Schedule["days"], power: "4.5", target_soc: "95", priority: "2" };
    const res = scheduleServiceData(form);
    expect(res).toEqual({
      ok: true,
      data: { name: "Cheap", action: "charge", start: "23:00", end: "05:00", days: ["mon", "sun"], priority: 2, enabled: true, power: 4.5, target_soc: 95 },
    });
  });

  it("edits by schedule_id and sends no power or target for hold", () => {
    const res = scheduleServiceData({ ...formFromSchedule(sched({ id: "abc", action: "hold" })), power: "3" });
    expect(res.ok && res.data).toMatchObject({ schedule_id: "abc", action: "hold" });
    expect(res.ok && "power" in res.data).toBe(false);
  });

  it("refuses what the action would refuse", () => {
    const res = scheduleServiceData({ ...emptyForm(), name: "", start: "10:00", end: "10:00", days: [], power: "-1", target_soc: "120", priority: "1.5" });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(Object.keys(res.errors).sort()).toEqual(["days", "end", "name", "power", "priority", "target_soc"]);
    const bad = scheduleServiceData({ ...emptyForm(), name: "x".repeat(65), start: "bad" });
    expect(!bad.ok && bad.errors.name && bad.errors.start).toBeTruthy();
  });

  it("toggles enabled and keeps the rest", () => {
    const s = sched({ id: "q", power_kw: 5, target_soc: 80, enabled: true });
    expect(toggleData(s)).toMatchObject({ schedule_id: "q", enabled: false, power: 5, target_soc: 80, start: "01:00" });
    // A stored value the form refuses still toggles.
    expect(toggleData(sched({ id: "r", name: "", enabled: false }))).toMatchObject({ schedule_id: "r", enabled: true });
  });
});
