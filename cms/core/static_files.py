"""The admin's static files in production: fingerprinted names, gzip and brotli copies (WhiteNoise)."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class FingerprintedStaticFiles(CompressedManifestStaticFilesStorage):
    """WhiteNoise's manifest storage, except that a file collectstatic has not written keeps its
    plain name instead of failing the page with a 500: a process started without collectstatic
    (a one-off container, a test stack) still renders the admin, from files WhiteNoise then finds
    in the apps (WHITENOISE_USE_FINDERS), only without the year-long caching."""

    manifest_strict = False

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:  # neither in the manifest nor under STATIC_ROOT
            return name
