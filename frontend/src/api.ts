// Calls into Home Assistant: config entry lookup, actions with and without a response.
import type { HomeAssistant } from "./ha";
import { DOMAIN } from "./logic/entities";

interface ConfigEntryInfo {
  entry_id: string;
  domain: string;
  title?: string;
  state?: string;
}

/** Cache per hass connection so that several cards ask only once. */
const entryCache = new WeakMap<object, Promise<ConfigEntryInfo[]>>();

/** The sigenstor config entries (loaded ones first). */
export async function sigenstorEntries(hass: HomeAssistant): Promise<ConfigEntryInfo[]> {
  const key = hass.connection as object;
  let pending = entryCache.get(key);
  if (!pending) {
    pending = hass
      .callWS<ConfigEntryInfo[]>({ type: "config_entries/get", domain: DOMAIN })
      .then((entries) => (Array.isArray(entries) ? entries : []));
    // A failed lookup must not stick: drop it so the next render tries again.
    pending.catch(() => entryCache.delete(key));
    entryCache.set(key, pending);
  }
  const entries = await pending;
  return [...entries].sort((a, b) => Number(b.state === "loaded") - Number(a.state === "loaded"));
}

/** Config entry id: the card's `entry_id`, else the first loaded sigenstor entry. */
export async function resolveEntryId(
  hass: HomeAssistant,
  configured: unknown,
): Promise<string | undefined> {
  if (typeof configured === "string" && configured) return configured;
  const entries = await sigenstorEntries(hass);
  return entries[0]?.entry_id;
}

/** Forget cached entries (tests, or after an entry was added). */
export function clearEntryCache(hass: HomeAssistant): void {
  entryCache.delete(hass.connection as object);
}

/** Call a sigenstor action and return its response data (unwrapped from `{context, response}`). */
export async function callWithResponse<T>(
  hass: HomeAssistant,
  service: string,
  data: Record<string, unknown>,
): Promise<T> {
  const reply = await hass.connection.sendMessagePromise<{ response?: T } | undefined>({
    type: "call_service",
    domain: DOMAIN,
    service,
    service_data: data,
    return_response: true,
  });
  if (!reply || typeof reply !== "object" || !("response" in reply)) {
    throw new Error(`${service}: no response data`);
  }
  return reply.response as T;
}

/** Call a sigenstor action without a response. */
export async function callAction(
  hass: HomeAssistant,
  service: string,
  data: Record<string, unknown>,
): Promise<void> {
  await hass.callService(DOMAIN, service, data);
}

/** A readable message from whatever an HA call rejected with. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (err && typeof err === "object" && "message" in err) {
    const message = (err as { message: unknown }).message;
    if (typeof message === "string") return message;
  }
  return String(err);
}
