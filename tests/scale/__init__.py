"""Helpers shared by the benchmarks in bench/: an offline Bot API and the two bots compared."""
