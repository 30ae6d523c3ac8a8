vcl 4.1;

# The edge: Varnish in front of the public site (docker-compose.yml's `varnish` service).
#
# - caches what the site says it may (Cache-Control s-maxage), keyed by the URL alone (the
#   site's pages never depend on Host or cookies);
# - stale-while-revalidate: a copy past s-maxage is served at once for the answer's
#   stale-while-revalidate while one background fetch refreshes it;
# - stale-if-error: copies are kept for the answer's stale-if-error (grace) and served while
#   the site is down (health probe on /healthz) or answers 5xx;
# - never caches /book/ (every click must reach the site to be counted), /_cms/, /_preview/;
#   search answers as briefly as the site says (s-maxage=60), at most 60 s;
# - query strings: only the parameters some page reads (page, q, p, page_id: the site's
#   `cached_page` parameters) are kept, sorted; utm_*, fbclid, gclid and any other junk
#   is dropped, so junk query strings make one object, as in the site's own cache;
# - gzips text answers (stored compressed, unzipped for clients that do not accept gzip);
# - /media/ (CMS images) from the CMS, cached as long as the CMS says (a year: rendition
#   file names never change);
# - purges, from the `purgers` ACL only (anyone else: 403): `PURGE /path` drops every copy of
#   that path (every query string), `PURGE /` with `xkey-purge: key1 key2` every copy whose
#   Surrogate-Key named one of those keys (varnish-modules' xkey, fed from Surrogate-Key; only
#   expired, not dropped, while the site is down). The CMS sends them after the site took the
#   same batch (cms/site_sync/delivery.py), so the edge never refetches a copy the site is dropping.
#
# Slow clients never reach the site: Varnish reads whole requests before fetching, and its
# timeouts (timeout_idle, send_timeout...) are runtime parameters, set in docker-compose.yml.
# X-Edge-Cache on every answer says what the edge did: HIT, STALE, MISS or PASS.

import std;
import xkey;

probe site_health {
    .url = "/healthz";
    .interval = 2s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

backend site {
    .host = "site";
    .port = "5000";
    .probe = site_health;
    .connect_timeout = 1s;
    .first_byte_timeout = 15s;
    .between_bytes_timeout = 10s;
}

backend cms {
    .host = "cms";
    .port = "8000";
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
}

# Who may purge: this machine and the compose network (docker-compose.yml: its subnet), except
# the network's gateway, through which connections from outside the network arrive.
acl purgers {
    "127.0.0.1";
    "::1";
    "172.30.57.0"/24;
    ! "172.30.57.1";
}

sub vcl_recv {
    if (req.restarts == 0) {
        unset req.http.X-Edge-Refetch;
        unset req.http.X-Edge-Stale;
        unset req.http.X-Edge-Cacheable;
    }
    if (req.method == "PURGE") {
        call edge_purge;
    }
    if (req.method != "GET" && req.method != "HEAD") {
        if (req.method ~ "^(POST|PUT|PATCH|DELETE|OPTIONS)$") {
            return (pass);
        }
        return (synth(405, "Method Not Allowed"));
    }
    if (req.url ~ "^/media/") {
        set req.backend_hint = cms;
        set req.url = regsub(req.url, "[?#].*$", "");
        unset req.http.Cookie;
        return (hash);
    }
    set req.backend_hint = site;
    if (req.url ~ "^/(book|_cms|_preview)/" || req.url ~ "^/healthz" || req.http.Authorization) {
        return (pass);
    }
    call edge_canonical_query;
    unset req.http.Cookie;
    set req.http.X-Edge-Cacheable = "1";
    if (req.http.X-Edge-Refetch) {
        # Past its stale-while-revalidate and the site is up: fetch, do not serve the old copy.
        set req.grace = 0s;
    }
    return (hash);
}

sub edge_purge {
    if (client.ip !~ purgers) {
        return (synth(403, "Forbidden"));
    }
    if (req.http.xkey-purge) {
        # With the site down, the copies stay for stale-if-error (expired, not dropped).
        if (std.healthy(site)) {
            set req.http.X-Edge-Purged = xkey.purge(req.http.xkey-purge);
        } else {
            set req.http.X-Edge-Purged = xkey.softpurge(req.http.xkey-purge);
        }
        return (synth(200, "Purged " + req.http.X-Edge-Purged + " objects"));
    }
    # Every copy of the path, whatever its query string (a URL holds no spaces: one ban argument).
    ban("obj.http.X-Edge-Path == " + regsub(req.url, "[?#].*$", ""));
    return (synth(200, "Purged"));
}

sub edge_canonical_query {
    set req.url = regsub(req.url, "#.*$", "");
    if (req.url ~ "\?") {
        set req.url = regsuball(req.url, "([?&])(?!(?:page|q|p|page_id)=)[^&]*", "\1");
        set req.url = regsuball(req.url, "&&+", "&");
        set req.url = regsub(req.url, "\?&+", "?");
        set req.url = regsub(req.url, "[?&]+$", "");
        set req.url = std.querysort(req.url);
    }
}

sub vcl_hash {
    hash_data(req.url);
    return (lookup);
}

sub vcl_hit {
    if (obj.ttl <= 0s && !req.http.X-Edge-Stale && std.healthy(req.backend_hint)
            && obj.ttl + std.duration(obj.http.X-Edge-SWR, 0s) <= 0s) {
        set req.http.X-Edge-Refetch = "1";
        return (restart);
    }
}

sub vcl_backend_fetch {
    unset bereq.http.X-Edge-Refetch;
    unset bereq.http.X-Edge-Stale;
    unset bereq.http.X-Edge-Cacheable;
}

sub vcl_backend_response {
    set beresp.http.X-Edge-Path = regsub(bereq.url, "\?.*$", "");
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    if (beresp.status >= 500) {
        # Never replaces a copy: a background refresh keeps the old one, a reader's fetch
        # is retried from the old copy (vcl_deliver).
        if (bereq.is_bgfetch) {
            return (abandon);
        }
        set beresp.ttl = 0s;
        set beresp.grace = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    if (beresp.ttl <= 0s || beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.ttl = 10s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    if (bereq.url ~ "^/search/" && beresp.ttl > 60s) {
        set beresp.ttl = 60s;
    }
    set beresp.http.X-Edge-SWR = "0s";
    if (beresp.http.Cache-Control ~ "stale-while-revalidate=[0-9]+") {
        set beresp.http.X-Edge-SWR = regsub(beresp.http.Cache-Control, "^.*stale-while-revalidate=([0-9]+).*$", "\1s");
    }
    set beresp.grace = std.duration(beresp.http.X-Edge-SWR, 0s);
    if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+") {
        set beresp.grace = std.duration(regsub(beresp.http.Cache-Control, "^.*stale-if-error=([0-9]+).*$", "\1s"), 0s);
    }
    if (beresp.http.Content-Type ~ "^(text/|application/(json|xml|rss\+xml|atom\+xml|javascript|manifest\+json)|image/svg\+xml)") {
        set beresp.do_gzip = true;
    }
    return (deliver);
}

sub vcl_backend_error {
    if (bereq.is_bgfetch) {
        return (abandon);
    }
}

sub vcl_deliver {
    if (resp.status >= 500 && req.http.X-Edge-Cacheable && !req.http.X-Edge-Stale) {
        # The site failed: the last copy within its stale-if-error, if there is one.
        set req.http.X-Edge-Stale = "1";
        unset req.http.X-Edge-Refetch;
        return (restart);
    }
    if (obj.uncacheable) {
        set resp.http.X-Edge-Cache = "PASS";
    } elsif (obj.hits > 0 && obj.ttl > 0s) {
        set resp.http.X-Edge-Cache = "HIT";
    } elsif (obj.hits > 0) {
        set resp.http.X-Edge-Cache = "STALE";
    } else {
        set resp.http.X-Edge-Cache = "MISS";
    }
    unset resp.http.xkey;
    unset resp.http.X-Edge-Path;
    unset resp.http.X-Edge-SWR;
}
