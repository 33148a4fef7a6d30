"""The terminal channel: try a reflection locally with `reflect chat`."""
