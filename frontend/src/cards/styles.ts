// Styles shared by the cards: HA theme variables only, so dark and light themes both work.
import { css } from "lit";

export const baseStyles = css`
  :host {
    display: block;
    --sg-solar: var(--energy-solar-color, #ff9800);
    --sg-grid-in: var(--energy-grid-consumption-color, #488fc2);
    --sg-grid-out: var(--energy-grid-return-color, #8353d1);
    --sg-battery-in: var(--energy-battery-in-color, #f06292);
    --sg-battery-out: var(--energy-battery-out-color, #4db6ac);
    --sg-house: var(--primary-text-color, #212121);
    --sg-muted: var(--secondary-text-color, #727272);
    --sg-line: var(--divider-color, rgba(127, 127, 127, 0.3));
    --sg-error: var(--error-color, #db4437);
    --sg-warning: var(--warning-color, #ffa600);
    --sg-ok: var(--success-color, #43a047);
    --sg-accent: var(--primary-color, #03a9f4);
    --sg-charge: var(--sg-ok);
    --sg-discharge: var(--sg-grid-out);
    --sg-hold: var(--info-color, #039be5);
    --sg-self: var(--sg-battery-out);
    /* The plan's SoC line: not the self-consumption teal it is drawn over. */
    --sg-soc: var(--energy-battery-in-color, #f06292);
    --sg-idle: var(--disabled-text-color, #bdbdbd);
    color: var(--primary-text-color);
  }
  ha-card {
    display: block;
    padding: 12px 14px 14px;
    box-sizing: border-box;
    overflow: hidden;
  }
  .header {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: 8px;
    margin-bottom: 8px;
  }
  .title {
    font-size: var(--ha-card-header-font-size, 1.2em);
    font-weight: 500;
  }
  .muted {
    color: var(--sg-muted);
    font-size: 0.85em;
  }
  .section {
    border-top: 1px solid var(--sg-line);
    padding-top: 8px;
    margin-top: 8px;
  }
  .section-title {
    font-size: 0.8em;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--sg-muted);
    margin-bottom: 4px;
  }
  .warning,
  .error {
    font-size: 0.85em;
    border-radius: 6px;
    padding: 4px 8px;
    margin: 6px 0;
  }
  .warning {
    color: var(--primary-text-color);
    background: color-mix(in srgb, var(--sg-warning) 18%, transparent);
  }
  .error {
    color: var(--primary-text-color);
    background: color-mix(in srgb, var(--sg-error) 18%, transparent);
  }
  button {
    font: inherit;
    font-size: 0.9em;
    color: var(--primary-text-color);
    background: var(--secondary-background-color, rgba(127, 127, 127, 0.12));
    border: 1px solid var(--sg-line);
    border-radius: 8px;
    padding: 6px 10px;
    cursor: pointer;
    min-height: 36px;
  }
  button:hover:not(:disabled) {
    border-color: var(--sg-accent);
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  button.primary {
    background: var(--sg-accent);
    color: var(--text-primary-color, #fff);
    border-color: transparent;
  }
  button.danger {
    background: var(--sg-error);
    color: var(--text-primary-color, #fff);
    border-color: transparent;
  }
  input,
  select {
    font: inherit;
    color: var(--primary-text-color);
    background: var(--card-background-color, var(--ha-card-background, #fff));
    border: 1px solid var(--sg-line);
    border-radius: 6px;
    padding: 4px 6px;
    min-height: 32px;
    box-sizing: border-box;
    max-width: 100%;
  }
  label.field {
    display: flex;
    flex-direction: column;
    gap: 2px;
    font-size: 0.85em;
    color: var(--sg-muted);
  }
  .field-error {
    color: var(--sg-error);
    font-size: 0.8em;
  }
  .a-charge_grid,
  .a-charge,
  .a-charge_pv {
    --a: var(--sg-charge);
  }
  .a-charge_pv {
    --a: var(--sg-solar);
  }
  .a-discharge,
  .a-export {
    --a: var(--sg-discharge);
  }
  .a-hold {
    --a: var(--sg-hold);
  }
  .a-self_consumption {
    --a: var(--sg-self);
  }
  .a-idle {
    --a: var(--sg-idle);
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      animation: none !important;
    }
  }
`;
