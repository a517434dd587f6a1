// Entity discovery by platform and translation key (pure: works on plain objects).
import type { HassEntity, HomeAssistant } from "../ha";

export const DOMAIN = "sigenstor";

/** Entity id of a sigenstor entity with this translation key, preferring `deviceId`'s device. */
export function findEntityId(
  hass: HomeAssistant | undefined,
  translationKey: string,
  domain?: string,
  deviceId?: string,
): string | undefined {
  const entries = hass?.entities;
  if (!entries) return undefined;
  let fallback: string | undefined;
  for (const entry of Object.values(entries)) {
    if (!entry || entry.platform !== DOMAIN || entry.translation_key !== translationKey) continue;
    if (domain && !entry.entity_id.startsWith(`${domain}.`)) continue;
    // Entities of one plant live on several devices (plant, prices, optimiser): the device
    // narrows the choice but never hides an entity that only exists elsewhere.
    if (!deviceId || entry.device_id === deviceId) return entry.entity_id;
    fallback ??= entry.entity_id;
  }
  return fallback;
}

/** The state object of a sigenstor entity, or undefined. */
export function findState(
  hass: HomeAssistant | undefined,
  translationKey: string,
  domain?: string,
  deviceId?: string,
): HassEntity | undefined {
  const id = findEntityId(hass, translationKey, domain, deviceId);
  return id ? hass?.states[id] : undefined;
}

/** A numeric state, or null when missing, unknown or unavailable. */
export function numericState(entity: HassEntity | undefined): number | null {
  if (!entity) return null;
  const text = entity.state;
  if (text === "" || text === "unknown" || text === "unavailable") return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** A text state, or null when missing, unknown or unavailable. */
export function textState(entity: HassEntity | undefined): string | null {
  if (!entity) return null;
  const text = entity.state;
  return text === "" || text === "unknown" || text === "unavailable" ? null : text;
}

/** Whether a binary sensor is on. */
export function isOn(entity: HassEntity | undefined): boolean {
  return entity?.state === "on";
}

/** Unit of measurement attribute, if any. */
export function unitOf(entity: HassEntity | undefined): string | undefined {
  const unit = entity?.attributes["unit_of_measurement"];
  return typeof unit === "string" ? unit : undefined;
}

/** Power in kW, converting from W when the entity says so. */
export function powerKw(entity: HassEntity | undefined): number | null {
  const value = numericState(entity);
  if (value === null) return null;
  const unit = unitOf(entity);
  if (unit === "W") return value / 1000;
  if (unit === "MW") return value * 1000;
  return value;
}
