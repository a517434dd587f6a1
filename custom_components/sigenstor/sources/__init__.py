"""Sources: prices and solar forecasts from outside the plant.

Owns the Amber and Open-Meteo HTTP clients (pure: an injected aiohttp session, no Home
Assistant), the PV model and meter, forecast accuracy, their coordinators, the options steps and
the `Sources` set up for one entry. May import `coordinator`, `sigen` and `const`; never
`control`, `automation`, a platform module or `models`.
"""
