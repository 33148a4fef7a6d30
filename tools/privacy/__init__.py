"""Anonymiser research tools: evaluation, word-list building and synthetic sets."""
