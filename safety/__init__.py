"""Safety net: notice risk in any free-text answer and offer support in the same turn."""
