"""Schedules, their actions and the plan calendar in a real Home Assistant."""
