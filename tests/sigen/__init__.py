"""Tests for the Sigenergy protocol layer."""
