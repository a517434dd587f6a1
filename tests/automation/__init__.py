"""Tests of the pure schedules module."""
