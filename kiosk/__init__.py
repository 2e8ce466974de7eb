"""Touchscreen kiosk: issues queue tickets, renders them as PDFs and prints them."""
