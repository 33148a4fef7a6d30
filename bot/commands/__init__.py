"""The `reflect` subcommands, one function each, loaded only when their command runs."""
