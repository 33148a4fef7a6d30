"""Channels: how people reach the bot (Telegram, the terminal). Only channels talk to them."""
