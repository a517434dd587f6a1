// Schedules: week-view layout, form validation and the set_schedule payload (pure).
import type { StringKey } from "../i18n";

export const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Day = (typeof DAYS)[number];
export const SCHEDULE_ACTIONS = ["charge", "discharge", "hold"] as const;
export type ScheduleAction = (typeof SCHEDULE_ACTIONS)[number];

/** Bounds mirrored from schedules.py so the form refuses what the action would refuse. */
export const MAX_NAME_LENGTH = 64;
export const MAX_POWER_KW = 1000;
export const MAX_PRIORITY = 1000;

/** A schedule as list_schedules returns it. */
export interface Schedule {
  id: string;
  name: string;
  action: ScheduleAction;
  start: string;
  end: string;
  days: Day[];
  priority: number;
  enabled: boolean;
  power_kw: number | null;
  target_soc: number | null;
}

/** One drawn block: a day column and minutes from that day's midnight. */
export interface WeekBlock {
  id: string;
  name: string;
  action: ScheduleAction;
  enabled: boolean;
  day: number;
  startMin: number;
  endMin: number;
  /** True for the part after midnight of a window that wraps. */
  continued: boolean;
  lane: number;
  lanes: number;
}

/** Minutes since midnight from 'HH:MM' or 'HH:MM:SS'; null when malformed. */
export function parseHm(text: unknown): number | null {
  if (typeof text !== "string") return null;
  const m = /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

/** 'HH:MM' from minutes since midnight (1440 prints as 24:00). */
export function formatHm(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/** Parse the list_schedules response leniently: malformed entries are skipped. */
export function parseSchedules(response: unknown): Schedule[] {
  const list =
    response && typeof response === "object"
      ? (response as { schedules?: unknown }).schedules
      : undefined;
  if (!Array.isArray(list)) return [];
  const out: Schedule[] = [];
  for (const raw of list as Array<Record<string, unknown>>) {
    if (!raw || typeof raw !== "object") continue;
    const action = raw["action"];
    if (!SCHEDULE_ACTIONS.includes(action as ScheduleAction)) continue;
    if (parseHm(raw["start"]) === null || parseHm(raw["end"]) === null) continue;
    const days = Array.isArray(raw["days"])
      ? (raw["days"] as unknown[]).filter((d): d is Day => DAYS.includes(d as Day))
      : [];
    out.push({
      id: String(raw["id"] ?? ""),
      name: typeof raw["name"] === "string" ? raw["name"] : "",
      action: action as ScheduleAction,
      start: raw["start"] as string,
      end: raw["end"] as string,
      days,
      priority: typeof raw["priority"] === "number" ? raw["priority"] : 0,
      enabled: raw["enabled"] !== false,
      power_kw: typeof raw["power_kw"] === "number" ? raw["power_kw"] : null,
      target_soc: typeof raw["target_soc"] === "number" ? raw["target_soc"] : null,
    });
  }
  return out;
}

/**
 * Blocks for a Monday-first week. A window whose end is at or before its start wraps past
 * midnight: its tail is drawn at the top of the next day (Sunday's tail on Monday).
 */
export function weekBlocks(schedules: Schedule[]): WeekBlock[] {
  const blocks: WeekBlock[] = [];
  for (const s of schedules) {
    const start = parseHm(s.start);
    const end = parseHm(s.end);
    if (start === null || end === null) continue;
    for (const dayName of s.days) {
      const day = DAYS.indexOf(dayName);
      if (day < 0) continue;
      const base = { id: s.id, name: s.name, action: s.action, enabled: s.enabled, lane: 0, lanes: 1 };
      if (end > start) {
        blocks.push({ ...base, day, startMin: start, endMin: end, continued: false });
        continue;
      }
      blocks.push({ ...base, day, startMin: start, endMin: 1440, continued: false });
      if (end > 0) {
        blocks.push({ ...base, day: (day + 1) % 7, startMin: 0, endMin: end, continued: true });
      }
    }
  }
  assignLanes(blocks);
  return blocks.sort((a, b) => a.day - b.day || a.startMin - b.startMin || a.lane - b.lane);
}

/** Side-by-side lanes for overlapping blocks of a day (greedy interval colouring). */
function assignLanes(blocks: WeekBlock[]): void {
  for (let day = 0; day < 7; day++) {
    const items = blocks
      .filter((b) => b.day === day)
      .sort((a, b) => a.startMin - b.startMin || b.endMin - a.endMin);
    // Cluster overlapping blocks; every block of a cluster shares the cluster's lane count.
    let cluster: WeekBlock[] = [];
    let clusterEnd = -1;
    const laneEnds: number[] = [];
    const flush = (): void => {
      const lanes = Math.max(1, ...cluster.map((b) => b.lane + 1));
      for (const b of cluster) b.lanes = lanes;
      cluster = [];
      laneEnds.length = 0;
    };
    for (const b of items) {
      if (b.startMin >= clusterEnd && cluster.length) flush();
      let lane = laneEnds.findIndex((end) => end <= b.startMin);
      if (lane < 0) lane = laneEnds.length;
      laneEnds[lane] = b.endMin;
      b.lane = lane;
      cluster.push(b);
      clusterEnd = Math.max(clusterEnd, b.endMin);
    }
    if (cluster.length) flush();
  }
}

/** The form's values (strings where the inputs give strings). */
export interface ScheduleForm {
  id?: string;
  name: string;
  action: ScheduleAction;
  start: string;
  end: string;
  days: Day[];
  priority: string;
  enabled: boolean;
  power: string;
  target_soc: string;
}

export function emptyForm(): ScheduleForm {
  return {
    name: "",
    action: "charge",
    start: "00:00",
    end: "06:00",
    days: [...DAYS],
    priority: "0",
    enabled: true,
    power: "",
    target_soc: "",
  };
}

export function formFromSchedule(s: Schedule): ScheduleForm {
  return {
    id: s.id,
    name: s.name,
    action: s.action,
    start: s.start,
    end: s.end,
    days: [...s.days],
    priority: String(s.priority),
    enabled: s.enabled,
    power: s.power_kw === null ? "" : String(s.power_kw),
    target_soc: s.target_soc === null ? "" : String(s.target_soc),
  };
}

/** A form error as a translation key and its placeholders (the card translates it). */
export interface FormError {
  key: StringKey;
  params?: Record<string, number>;
}
export type FormErrors = Partial<Record<keyof ScheduleForm, FormError>>;

export type FormResult = { ok: true; data: Record<string, unknown> } | { ok: false; errors: FormErrors };

/** Validate the form and build the set_schedule service data (without config_entry_id). */
export function scheduleServiceData(form: ScheduleForm): FormResult {
  const errors: FormErrors = {};
  const name = form.name.trim();
  if (!name) errors.name = { key: "err.name_required" };
  else if (name.length > MAX_NAME_LENGTH) errors.name = { key: "err.name_long", params: { max: MAX_NAME_LENGTH } };
  if (!SCHEDULE_ACTIONS.includes(form.action)) errors.action = { key: "err.action" };
  const start = parseHm(form.start);
  const end = parseHm(form.end);
  if (start === null) errors.start = { key: "err.time" };
  if (end === null) errors.end = { key: "err.time" };
  if (start !== null && end !== null && start === end) errors.end = { key: "err.same_time" };
  const days = DAYS.filter((d) => form.days.includes(d));
  if (days.length === 0) errors.days = { key: "err.days" };
  const priority = Number(form.priority.trim() || "0");
  if (!Number.isInteger(priority) || Math.abs(priority) > MAX_PRIORITY) {
    errors.priority = { key: "err.priority", params: { max: MAX_PRIORITY } };
  }
  const hold = form.action === "hold";
  const power = optionalNumber(form.power);
  if (!hold && power !== null && (Number.isNaN(power) || power <= 0 || power > MAX_POWER_KW)) {
    errors.power = { key: "err.power", params: { max: MAX_POWER_KW } };
  }
  const soc = optionalNumber(form.target_soc);
  if (!hold && soc !== null && (Number.isNaN(soc) || soc < 0 || soc > 100)) {
    errors.target_soc = { key: "err.soc" };
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const data: Record<string, unknown> = {
    name,
    action: form.action,
    start: formatHm(start!),
    end: formatHm(end!),
    days,
    priority,
    enabled: form.enabled,
  };
  if (form.id) data["schedule_id"] = form.id;
  // A hold takes no power or target (schedules.py refuses them), so they are never sent; an
  // empty power or floor is left out too, never sent as null.
  if (!hold && power !== null) data["power"] = power;
  if (!hold && soc !== null) data["target_soc"] = soc;
  return { ok: true, data };
}

/** Service data that flips `enabled` and keeps every other field. */
export function toggleData(s: Schedule): Record<string, unknown> {
  const result = scheduleServiceData({ ...formFromSchedule(s), enabled: !s.enabled });
  if (result.ok) return result.data;
  // A stored schedule the form would refuse (e.g. hand-edited): send it back as it was, with
  // unset numbers left out rather than sent as null.
  const data: Record<string, unknown> = {
    schedule_id: s.id,
    name: s.name,
    action: s.action,
    start: s.start,
    end: s.end,
    days: s.days,
    priority: s.priority,
    enabled: !s.enabled,
  };
  if (s.action !== "hold" && s.power_kw !== null) data["power"] = s.power_kw;
  if (s.action !== "hold" && s.target_soc !== null) data["target_soc"] = s.target_soc;
  return data;
}

function optionalNumber(text: string): number | null {
  const t = text.trim();
  if (!t) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : NaN;
}
