"""Research tools for the safety net: labelled phrase sets, training and evaluation."""
