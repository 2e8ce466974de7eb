"""Qt plumbing shared by the apps: start-up, theme, translations, live updates, background work."""
