"""Automation: what the battery should do, decided in Home Assistant and carried out by control.

Owns the optimiser runtime (plans, modes, savings), the arbiter between the owner's schedules and
the optimiser (`apply`), the house-load history, the schedules and their store, and the calendar
events. May import `control` (to command), `sources` (prices, forecasts), `coordinator`,
`optimiser`, `sigen` and `const`; never a platform module or `models`.
"""
