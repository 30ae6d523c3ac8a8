"""Booking buttons: signed, counted links (links.py) and the click counts waiting for the CMS (clicks.py)."""
