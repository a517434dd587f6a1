"""Tests for the Open-Meteo client, PV model, forecast accuracy and replay forecasts."""
