// Styles of the dashboard card.
import { css } from "lit";

export const dashboardStyles = css`
  .banner {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 10px;
    border-radius: 8px;
    padding: 8px 10px;
    margin-bottom: 8px;
    color: var(--text-primary-color, #fff);
  }
  .banner.override {
    background: var(--sg-warning);
    color: #1a1a1a;
  }
  .banner.estop,
  .banner.external {
    background: var(--sg-error);
  }
  .banner.releasing,
  .banner.unconfirmed {
    background: var(--sg-warning);
    color: #1a1a1a;
  }
  .banner-title {
    font-weight: 700;
    letter-spacing: 0.06em;
  }
  .banner-sub {
    font-size: 0.9em;
    flex: 1 1 160px;
  }
  .banner .release {
    background: rgba(255, 255, 255, 0.9);
    color: #1a1a1a;
  }
  .top {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: center;
    gap: 8px;
  }
  .gauge {
    width: 116px;
    flex: 0 0 auto;
    text-align: center;
  }
  .gauge svg {
    width: 100%;
    display: block;
  }
  .gauge .track,
  .gauge .value {
    fill: none;
    stroke-width: 9;
    stroke-linecap: round;
  }
  .gauge .track {
    stroke: var(--sg-line);
  }
  .gauge .value {
    stroke: var(--sg-ok);
  }
  .gauge.medium .value {
    stroke: var(--sg-warning);
  }
  .gauge.low .value {
    stroke: var(--sg-error);
  }
  .gauge text {
    text-anchor: middle;
    fill: var(--primary-text-color);
  }
  .soc-value {
    font-size: 20px;
    font-weight: 600;
  }
  .soc-label {
    font-size: 9px;
    fill: var(--sg-muted) !important;
  }
  .temp {
    font-size: 0.85em;
    color: var(--sg-muted);
    margin-top: -10px;
  }
  .flow {
    position: relative;
    flex: 1 1 220px;
    max-width: 340px;
    min-width: 200px;
    aspect-ratio: 5 / 4;
  }
  .flow svg {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
  }
  .link {
    fill: none;
    stroke-linecap: round;
  }
  .link.idle {
    stroke: var(--sg-line);
    stroke-width: 1;
  }
  .link.flow {
    stroke-dasharray: 3 5;
    animation: flow linear infinite;
  }
  .from-solar {
    stroke: var(--sg-solar);
  }
  .from-grid {
    stroke: var(--sg-grid-in);
  }
  .from-battery {
    stroke: var(--sg-battery-out);
  }
  .from-house {
    stroke: var(--sg-grid-out);
  }
  @keyframes flow {
    from {
      stroke-dashoffset: 16;
    }
    to {
      stroke-dashoffset: 0;
    }
  }
  .node {
    position: absolute;
    transform: translate(-50%, -50%);
    display: flex;
    flex-direction: column;
    align-items: center;
    font-size: 0.8em;
    line-height: 1.15;
    background: var(--ha-card-background, var(--card-background-color, #fff));
    border: 2px solid var(--sg-line);
    border-radius: 50%;
    width: 58px;
    height: 58px;
    justify-content: center;
    box-sizing: border-box;
  }
  .node-solar {
    border-color: var(--sg-solar);
  }
  .node-grid {
    border-color: var(--sg-grid-in);
  }
  .node-battery {
    border-color: var(--sg-battery-out);
  }
  .node-house {
    border-color: var(--sg-house);
  }
  .node ha-icon {
    --mdc-icon-size: 18px;
    color: var(--sg-muted);
  }
  .node .kw {
    font-weight: 600;
    white-space: nowrap;
  }
  .node .sub {
    font-size: 0.75em;
    color: var(--sg-muted);
  }
  .prices {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 2px 12px;
  }
  .price {
    display: flex;
    align-items: baseline;
    gap: 6px;
  }
  .price .label {
    color: var(--sg-muted);
    font-size: 0.85em;
  }
  .price .value {
    font-weight: 600;
  }
  .price .value.negative {
    color: var(--sg-ok);
  }
  .spark {
    grid-column: 1 / -1;
    width: 100%;
    height: 44px;
  }
  .spark path {
    fill: none;
    stroke-width: 2;
    vector-effect: non-scaling-stroke;
  }
  .spark .buy-line {
    stroke: var(--sg-grid-in);
  }
  .spark .feed-line {
    stroke: var(--sg-grid-out);
    stroke-dasharray: 4 3;
  }
  .spark .zero {
    stroke: var(--sg-muted);
    stroke-width: 1;
    stroke-dasharray: 2 2;
    vector-effect: non-scaling-stroke;
  }
  .range {
    grid-column: 1 / -1;
  }
  .decision {
    display: flex;
    align-items: center;
    gap: 6px;
    font-weight: 600;
  }
  .decision .dot {
    width: 10px;
    height: 10px;
    border-radius: 50%;
    background: var(--a, var(--sg-idle));
  }
  .reason {
    font-size: 0.9em;
    margin: 2px 0;
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .buttons button {
    flex: 1 1 56px;
  }
  .dialog {
    margin-top: 8px;
    border: 1px solid var(--sg-line);
    border-radius: 8px;
    padding: 8px;
  }
  .dialog-title {
    font-weight: 600;
    margin-bottom: 6px;
  }
  .dialog-fields {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(110px, 1fr));
    gap: 6px;
  }
  .dialog-buttons {
    display: flex;
    justify-content: flex-end;
    gap: 6px;
    margin-top: 8px;
  }
  .tiles {
    display: grid;
    grid-template-columns: repeat(3, 1fr);
    gap: 6px;
  }
  .tile {
    display: flex;
    flex-direction: column;
    border-radius: 6px;
    padding: 4px 6px;
    background: var(--secondary-background-color, rgba(127, 127, 127, 0.08));
  }
  .tile .v {
    font-weight: 600;
  }
  .self {
    margin-top: 4px;
  }
  @media (max-width: 380px) {
    .flow {
      min-width: 180px;
    }
    .tiles {
      grid-template-columns: repeat(2, 1fr);
    }
  }
`;
