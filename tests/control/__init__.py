"""Tests of the pure control path: safety guard, EMS planning, audit log."""
