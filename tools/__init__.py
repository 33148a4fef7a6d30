"""Research and maintenance tools: evaluation, training and data building. Not installed."""
