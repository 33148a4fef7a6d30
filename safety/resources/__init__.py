"""Per-language support resource files (data only); a package so the YAML ships with the wheel."""
