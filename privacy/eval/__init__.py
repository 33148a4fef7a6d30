"""Synthetic, deterministic evaluation data for the anonymiser (no real person's text)."""
