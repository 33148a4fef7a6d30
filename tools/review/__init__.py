"""Theme tagger research tools: the labelled sets, training and evaluation."""
