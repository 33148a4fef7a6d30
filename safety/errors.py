"""The one error type raised when a safety data file cannot be used."""


class SafetyConfigError(ValueError):
    """A safety data file is missing, malformed or inconsistent; messages read ``file: problem``."""
