"""Telegram handlers: one per kind of update, each working through the channel and services."""
