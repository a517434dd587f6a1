"""Integration tests: a real hass against the simulator."""
