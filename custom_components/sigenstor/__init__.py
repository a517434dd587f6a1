"""Sigenergy SigenStor integration for Home Assistant."""
