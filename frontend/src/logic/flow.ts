// Power-flow maths: split measured powers into directed flows between solar, battery, grid, house.

/** Measured powers in kW with the plant's signs (see sigen_modbus.md: battery + = charging,
 * grid + = importing). Any may be missing. */
export interface PowerReadings {
  pv: number | null;
  battery: number | null;
  grid: number | null;
  house: number | null;
}

export type Node = "solar" | "battery" | "grid" | "house";

export interface Flow {
  from: Node;
  to: Node;
  kw: number;
}

export interface FlowResult {
  /** Directed flows above the noise threshold, largest first. */
  flows: Flow[];
  /** House load used (measured, else derived from the balance). */
  house: number | null;
  /** Whether PV, battery and grid were all measured (else the split is partial). */
  complete: boolean;
}

/** Flows below this (kW) are sensor noise and not drawn. */
export const NOISE_KW = 0.01;

const pos = (value: number | null): number =>
  value !== null && Number.isFinite(value) && value > 0 ? value : 0;

/** House load from the balance: load = PV - battery charging + grid import. */
export function deriveHouse(r: PowerReadings): number | null {
  if (r.pv === null || r.battery === null || r.grid === null) return null;
  return Math.max(0, r.pv - r.battery + r.grid);
}

/**
 * Split the readings into flows. Solar feeds the house first, then the battery, then the grid;
 * battery discharge feeds the house before the grid; grid import feeds the house before the
 * battery. That order matches how a hybrid inverter serves a self-consumption plant.
 */
export function computeFlows(r: PowerReadings): FlowResult {
  const measured = r.house !== null && Number.isFinite(r.house) ? Math.max(0, r.house) : null;
  const house = measured ?? deriveHouse(r);
  const complete = r.pv !== null && r.battery !== null && r.grid !== null;
  const pv = pos(r.pv);
  const charge = pos(r.battery);
  const discharge = pos(r.battery === null ? null : -r.battery);
  const imp = pos(r.grid);
  const exp = pos(r.grid === null ? null : -r.grid);
  let load = house ?? 0;

  const solarHouse = Math.min(pv, load);
  load -= solarHouse;
  const batteryHouse = Math.min(discharge, load);
  load -= batteryHouse;
  const gridHouse = Math.min(imp, load);

  let solarLeft = pv - solarHouse;
  const solarBattery = Math.min(solarLeft, charge);
  solarLeft -= solarBattery;
  const gridBattery = Math.min(imp - gridHouse, charge - solarBattery);
  const solarGrid = Math.min(solarLeft, exp);
  const batteryGrid = Math.min(discharge - batteryHouse, exp - solarGrid);

  const all: Flow[] = [
    { from: "solar", to: "house", kw: solarHouse },
    { from: "solar", to: "battery", kw: solarBattery },
    { from: "solar", to: "grid", kw: solarGrid },
    { from: "battery", to: "house", kw: batteryHouse },
    { from: "battery", to: "grid", kw: batteryGrid },
    { from: "grid", to: "house", kw: gridHouse },
    { from: "grid", to: "battery", kw: gridBattery },
  ];
  const flows = all
    .map((f) => ({ ...f, kw: Math.max(0, round3(f.kw)) }))
    .filter((f) => f.kw >= NOISE_KW)
    .sort((a, b) => b.kw - a.kw);
  return { flows, house: house === null ? null : round3(house), complete };
}

/** Flow between two nodes in either direction: positive when a -> b. */
export function netFlow(result: FlowResult, a: Node, b: Node): number {
  let net = 0;
  for (const f of result.flows) {
    if (f.from === a && f.to === b) net += f.kw;
    if (f.from === b && f.to === a) net -= f.kw;
  }
  return round3(net);
}

/** Stroke width (px) for a flow: grows with the square root so small flows stay visible. */
export function strokeWidth(kw: number, maxKw: number): number {
  if (kw <= 0 || maxKw <= 0) return 0;
  return round3(1.5 + 4.5 * Math.sqrt(Math.min(kw, maxKw) / maxKw));
}

/** Seconds for one dash cycle: faster for larger flows, between 0.6 s and 4 s. */
export function animationSeconds(kw: number, maxKw: number): number {
  if (kw <= 0 || maxKw <= 0) return 0;
  const share = Math.min(kw, maxKw) / maxKw;
  return round3(4 - 3.4 * share);
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
