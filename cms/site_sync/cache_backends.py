"""SITE_PURGE_BACKENDS from environment variables (read by cms/settings.py), in the format of
WAGTAILFRONTENDCACHE.

The public site always (unless SITE_PURGE_URL=off), plus whichever of Wagtail's own
backends a deployment configures for the caches in front of the site. Imports no models.
"""

from shared import env

SITE_BACKEND = "cms.site_sync.backends.SignedSitePurgeBackend"
KEYED_HTTP_BACKEND = "cms.site_sync.key_backends.XkeyHTTPBackend"
TAGGED_CLOUDFLARE_BACKEND = "cms.site_sync.key_backends.TaggedCloudflareBackend"
CLOUDFRONT_BACKEND = "wagtail.contrib.frontend_cache.backends.CloudfrontBackend"
# What can drop everything: the site and CloudFront take "/*", keyed caches the key every answer
# carries (shared.surrogate_keys.EVERY_PAGE); a cache that knows only URLs lets its copies expire.
PURGE_EVERYTHING = {SITE_BACKEND, KEYED_HTTP_BACKEND, TAGGED_CLOUDFLARE_BACKEND, CLOUDFRONT_BACKEND}


def frontend_cache_backends(site_purge_url: str) -> dict:
    backends = {}
    if site_purge_url:
        # LOCATION and SECRET come from SITE_PURGE_URL and WEBHOOK_SECRET.
        backends["site"] = {"BACKEND": SITE_BACKEND}
    http_cache = env.string("FRONTEND_CACHE_HTTP_URL")
    if http_cache:
        # Varnish, nginx or another cache that takes `PURGE <path>` with the public Host header;
        # with FRONTEND_CACHE_HTTP_KEYS (Varnish with xkey, deploy/varnish/default.vcl) keys too.
        by_key = env.boolean("FRONTEND_CACHE_HTTP_KEYS", True)
        backend = KEYED_HTTP_BACKEND if by_key else "wagtail.contrib.frontend_cache.backends.HTTPBackend"
        backends["http"] = {"BACKEND": backend, "LOCATION": http_cache}
    zone = env.string("CLOUDFLARE_ZONEID")
    if zone:
        token = env.string("CLOUDFLARE_BEARER_TOKEN")
        email, key = env.string("CLOUDFLARE_EMAIL"), env.string("CLOUDFLARE_API_KEY")
        if not token and not (email and key):
            raise env.ConfigError(
                "CLOUDFLARE_ZONEID needs CLOUDFLARE_BEARER_TOKEN, or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY"
            )
        by_tag = env.boolean("CLOUDFLARE_PURGE_TAGS", True)
        backends["cloudflare"] = {
            "BACKEND": TAGGED_CLOUDFLARE_BACKEND
            if by_tag
            else "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": zone,
            "BEARER_TOKEN": token or None,
            "EMAIL": email or None,
            "API_KEY": key or None,
        }
    distribution = env.string("CLOUDFRONT_DISTRIBUTION_ID")
    if distribution:
        # Needs boto3 (`pip install ".[cloudfront]"`); AWS credentials come from boto3's own
        # environment variables or the instance role.
        backends["cloudfront"] = {
            "BACKEND": CLOUDFRONT_BACKEND,
            "DISTRIBUTION_ID": distribution,
        }
    return backends
