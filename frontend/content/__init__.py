"""Talking to the CMS: its API client (client.py) and its redirects for old addresses (old_addresses.py)."""
