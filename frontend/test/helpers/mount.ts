// Mounting a card in happy-dom and reading its shadow DOM: shared by the card tests.
import { settle, type FakeHass } from "./fake-hass";

export type Card = HTMLElement & { hass: FakeHass; setConfig(c: object): void; updateComplete: Promise<unknown> };

export async function mount(tag: string, hass: FakeHass, config: object = {}): Promise<Card> {
  const el = document.createElement(tag) as Card;
  el.setConfig({ type: `custom:${tag}`, ...config });
  el.hass = hass;
  document.body.appendChild(el);
  await settle(el);
  return el;
}

export const $ = (el: Card, sel: string) => el.shadowRoot!.querySelector(sel) as HTMLElement | null;
export const $$ = (el: Card, sel: string) => [...el.shadowRoot!.querySelectorAll(sel)] as HTMLElement[];
export const text = (el: Card, sel: string) => $(el, sel)?.textContent?.replace(/\s+/g, " ").trim() ?? "";
