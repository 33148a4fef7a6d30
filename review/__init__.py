"""Team-lead review: themes, reports and disclosure control over anonymised reflections."""
