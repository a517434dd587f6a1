"""Benchmarks for sigenstor."""
