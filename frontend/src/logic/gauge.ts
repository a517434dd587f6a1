// SoC gauge geometry: a 270-degree arc (pure).

/** Degrees of the gauge sweep, starting bottom-left and ending bottom-right. */
export const SWEEP = 270;
const START = 135;

/** Point on a circle; 0 degrees points right, angles grow clockwise (SVG's y goes down). */
export function polar(cx: number, cy: number, r: number, deg: number): [number, number] {
  const rad = (deg * Math.PI) / 180;
  return [round2(cx + r * Math.cos(rad)), round2(cy + r * Math.sin(rad))];
}

/** SVG arc path from `fromPct` to `toPct` of the sweep (0..100). Empty when nothing to draw. */
export function arcPath(cx: number, cy: number, r: number, fromPct: number, toPct: number): string {
  const a = clampPct(fromPct);
  const b = clampPct(toPct);
  if (b <= a) return "";
  const startDeg = START + (a / 100) * SWEEP;
  const endDeg = START + (b / 100) * SWEEP;
  const [x1, y1] = polar(cx, cy, r, startDeg);
  const [x2, y2] = polar(cx, cy, r, endDeg);
  const large = endDeg - startDeg > 180 ? 1 : 0;
  return `M${x1},${y1}A${r},${r} 0 ${large} 1 ${x2},${y2}`;
}

/** Colour band of a SoC value: low below 20 %, medium below 50 %. */
export function socLevel(soc: number | null): "low" | "medium" | "high" | "unknown" {
  if (soc === null || !Number.isFinite(soc)) return "unknown";
  if (soc < 20) return "low";
  if (soc < 50) return "medium";
  return "high";
}

function clampPct(v: number): number {
  return Number.isFinite(v) ? Math.min(100, Math.max(0, v)) : 0;
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
