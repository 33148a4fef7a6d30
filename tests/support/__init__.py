"""Test support shared by tests and benchmarks: offline Telegram, replays, the safety net."""
