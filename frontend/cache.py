from flask_caching import Cache

# Configured by the app factory from CACHE_* settings (see config.py).
cache = Cache()
