"""Reports for people and CI: console tables, Markdown, JSON."""
