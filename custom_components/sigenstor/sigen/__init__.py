"""Sigenergy Modbus protocol layer: register map, codec, read planner, client (no HA imports)."""
