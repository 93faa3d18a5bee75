"""Mechanisms every app shares: scope, API and page base classes, Excel, reminders, registries."""
