// The cards' language and number/time formats, from `hass.locale` as Home Assistant's own UI does.
import { DE } from "./de";
import { EN, type StringKey } from "./en";

export type { StringKey };

const TABLES: Record<string, Record<StringKey, string>> = { en: EN, de: DE };

/** Home Assistant's `hass.locale` (FrontendLocaleData); every field optional here. */
export interface HassLocale {
  language?: string;
  number_format?: string;
  time_format?: string;
  time_zone?: string;
}

/** Everything the formatters need, resolved once per render. */
export interface Loc {
  /** Language of the strings table actually used (`en` when the owner's language has none). */
  lang: string;
  strings: Record<StringKey, string>;
  /** Locale for Intl.NumberFormat (undefined: the browser's). */
  numberLocale: string | string[] | undefined;
  grouping: boolean;
  /** Locale for Intl.DateTimeFormat and the 12/24 h choice (undefined: the language's own). */
  timeLocale: string | undefined;
  hour12: boolean | undefined;
  /** IANA zone when the owner chose the server's time zone. */
  timeZone: string | undefined;
}

/** Number locale by HA's `number_format` (mirrors the HA frontend's choices). */
function numberLocale(language: string, format: string | undefined): [string | string[] | undefined, boolean] {
  switch (format) {
    case "comma_decimal":
      return [["en-US", "en"], true];
    case "decimal_comma":
      return [["de", "es", "it"], true];
    case "space_comma":
      return [["fr", "sv", "cs"], true];
    case "system":
      return [undefined, true];
    case "none":
      return [language, false];
    default:
      return [language, true];
  }
}

/** Resolve a locale from hass-like data: `locale` first, then `language`, else English. */
export function makeLoc(locale: HassLocale | undefined, language?: string, serverZone?: string): Loc {
  const full = locale?.language || language || "en";
  const base = full.split(/[-_]/)[0]!.toLowerCase();
  const [numLocale, grouping] = numberLocale(full, locale?.number_format);
  const tf = locale?.time_format;
  return {
    lang: TABLES[base] ? base : "en",
    strings: TABLES[base] ?? EN,
    numberLocale: numLocale,
    grouping,
    timeLocale: tf === "system" ? undefined : full,
    hour12: tf === "12" ? true : tf === "24" ? false : undefined,
    timeZone: locale?.time_zone === "server" && serverZone ? serverZone : undefined,
  };
}

/** English with 24 h times: what pure helpers use when no hass is at hand. */
export const DEFAULT_LOC: Loc = { ...makeLoc({ language: "en", time_format: "24" }) };

/** Look a string up and fill `{name}` placeholders. */
export function t(loc: Loc, key: StringKey, params: Record<string, string | number> = {}): string {
  const text = loc.strings[key] ?? EN[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** A translated name for an action/decision key, falling back to the key made readable. */
export function actionName(loc: Loc, key: string | null | undefined): string {
  if (!key) return "—";
  const k = `action.${key}` as StringKey;
  if (k in EN) return t(loc, k);
  const text = key.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
