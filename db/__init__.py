"""Antrian core: schema, opening a database, queue operations, change feed, site configuration.

This package never imports Qt; the apps (kiosk, counter, display) sit on top of it.
"""
