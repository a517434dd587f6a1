"""The control room: the only code that writes to the plant.

Owns the controller (lifecycle, commands, reconciliation with the plant), the pure guard and
Remote-EMS command encoding (`guard`, `ems`: no Home Assistant imports), the audit log, the
stored control state, owner alerts and the control options. It may import `sigen/` (protocol),
`const` and `coordinator`; nothing outside this package writes a register.
"""
