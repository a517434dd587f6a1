"""Home Assistant custom components shipped by this repository."""
