// The small part of Home Assistant's frontend `hass` object the cards use.
import type { HassLocale } from "./i18n";

export interface HassEntity {
  entity_id: string;
  state: string;
  attributes: Record<string, unknown>;
  last_changed?: string;
  last_updated?: string;
}

/** Entity registry display entry (`hass.entities[...]`). */
export interface HassEntityEntry {
  entity_id: string;
  device_id?: string | null;
  platform?: string;
  translation_key?: string | null;
  hidden?: boolean;
}

export interface HassConnection {
  sendMessagePromise<T = unknown>(message: Record<string, unknown>): Promise<T>;
}

export interface HomeAssistant {
  states: Record<string, HassEntity | undefined>;
  entities?: Record<string, HassEntityEntry | undefined>;
  language?: string;
  locale?: HassLocale;
  config?: { time_zone?: string };
  themes?: { darkMode?: boolean };
  connection: HassConnection;
  callWS<T = unknown>(message: Record<string, unknown>): Promise<T>;
  callService(
    domain: string,
    service: string,
    data?: Record<string, unknown>,
    target?: Record<string, unknown>,
  ): Promise<unknown>;
}

/** A Lovelace card config: `type` plus the card's own keys. */
export interface CardConfig {
  type: string;
  [key: string]: unknown;
}

/** One `window.customCards` entry. */
export interface CustomCardEntry {
  type: string;
  name: string;
  description: string;
  preview?: boolean;
  documentationURL?: string;
}

declare global {
  interface Window {
    customCards?: CustomCardEntry[];
  }
}
