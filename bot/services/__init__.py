"""Services: what the channels ask for (conversations, the safety net, leads, reports...)."""
