"""The control room: the only code that writes to the plant.

Owns the controller (lifecycle, commands, reconciliation with the plant), the pure guard and
Remote-EMS command encoding (`guard`, `ems`: no Home Assistant imports), the owner's command
checks (`commands`), the audit log, the stored control state, owner alerts and the control
options. It may import `sigen` (public names), `coordinator`, `const`, `listeners`; never
`sources`, `automation`, `models` or a platform module. Nothing outside this package writes a
register (import contracts in pyproject.toml).
"""
