// Styles of the schedule card.
import { css } from "lit";

export const HOUR_PX = 11;

export const scheduleStyles = css`
      .week {
        display: grid;
        grid-template-columns: 26px repeat(7, 1fr);
        gap: 0 2px;
      }
      .day-head {
        text-align: center;
        font-size: 0.75em;
        color: var(--sg-muted);
        text-transform: capitalize;
      }
      .hours,
      .col {
        position: relative;
        height: ${24 * HOUR_PX}px;
      }
      .col {
        background: var(--secondary-background-color, rgba(127, 127, 127, 0.06));
        border-radius: 4px;
      }
      .hours span {
        position: absolute;
        right: 2px;
        font-size: 0.65em;
        color: var(--sg-muted);
        transform: translateY(-50%);
      }
      .blk {
        position: absolute;
        box-sizing: border-box;
        border-radius: 3px;
        background: color-mix(in srgb, var(--a) 75%, transparent);
        border-left: 3px solid var(--a);
        font-size: 0.65em;
        line-height: 1.1;
        color: var(--primary-text-color);
        overflow: hidden;
        padding: 1px 2px;
        cursor: pointer;
        min-height: 3px;
      }
      .blk.off {
        background: repeating-linear-gradient(
          45deg,
          transparent 0 3px,
          color-mix(in srgb, var(--a) 35%, transparent) 3px 6px
        );
      }
      .list {
        display: flex;
        flex-direction: column;
        gap: 4px;
      }
      .row {
        display: flex;
        align-items: center;
        gap: 6px;
        flex-wrap: wrap;
      }
      .row .name {
        flex: 1 1 120px;
        min-width: 0;
      }
      .row .swatch {
        width: 10px;
        height: 10px;
        border-radius: 2px;
        background: var(--a);
      }
      .row button {
        min-height: 30px;
        padding: 2px 8px;
      }
      .form {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(120px, 1fr));
        gap: 6px;
      }
      .days {
        grid-column: 1 / -1;
        display: flex;
        flex-wrap: wrap;
        gap: 2px 8px;
        font-size: 0.85em;
      }
      .form-buttons {
        grid-column: 1 / -1;
        display: flex;
        justify-content: flex-end;
        gap: 6px;
      }
    `;
