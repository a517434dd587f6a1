// Entry point: defines the custom elements once and lists the cards in the card picker.
import { SigenstorDashboardCard } from "./cards/dashboard-card";
import { DashboardCardEditor, PlanCardEditor, ScheduleCardEditor } from "./cards/editor";
import { SigenstorPlanCard } from "./cards/plan-card";
import { SigenstorScheduleCard } from "./cards/schedule-card";
import type { CustomCardEntry } from "./ha";

export { SigenstorDashboardCard, SigenstorPlanCard, SigenstorScheduleCard };

const ELEMENTS: Array<[string, CustomElementConstructor]> = [
  ["sigenstor-dashboard-card", SigenstorDashboardCard],
  ["sigenstor-plan-card", SigenstorPlanCard],
  ["sigenstor-schedule-card", SigenstorScheduleCard],
  ["sigenstor-dashboard-card-editor", DashboardCardEditor],
  ["sigenstor-plan-card-editor", PlanCardEditor],
  ["sigenstor-schedule-card-editor", ScheduleCardEditor],
];

const CARDS: CustomCardEntry[] = [
  {
    type: "sigenstor-dashboard-card",
    name: "SigenStor dashboard",
    description: "Battery, power flow, Amber prices, override controls, optimiser and today's energy.",
    preview: true,
  },
  {
    type: "sigenstor-plan-card",
    name: "SigenStor plan",
    description: "The optimiser's next hours: price, planned SoC, PV and load forecast, actions.",
    preview: true,
  },
  {
    type: "sigenstor-schedule-card",
    name: "SigenStor schedules",
    description: "Week view of charge, discharge and hold schedules, with editing.",
    preview: true,
  },
];

/** Define the elements and picker entries; safe to run twice (bundle loaded by two URLs). */
export function register(): void {
  for (const [name, ctor] of ELEMENTS) {
    if (!customElements.get(name)) customElements.define(name, ctor);
  }
  window.customCards ??= [];
  for (const card of CARDS) {
    if (!window.customCards.some((c) => c.type === card.type)) window.customCards.push(card);
  }
}

register();
