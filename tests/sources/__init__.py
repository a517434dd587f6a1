"""Tests for the Amber client and the replay server's Amber routes."""
