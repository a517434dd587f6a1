"""Tests for the pure optimiser and its benchmark pipeline."""
