"""The CMS gzips its text answers (API, admin) and serves its static files fingerprinted, immutable, precompressed."""

import gzip
import io
import json

import brotli
import pytest
from django.core.management import call_command
from django.http import FileResponse, HttpResponse
from django.templatetags.static import static
from django.test import Client, RequestFactory, override_settings

from cms.core.middleware import TextGZipMiddleware
from tests.fresh_settings import read_settings

PRODUCTION_SECRETS = {
    "SECRET_KEY": "cms-secret-key-for-production-tests-0123456789",
    "WEBHOOK_SECRET": "webhook-secret-for-production-tests-0123456789",
}
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br", "HTTP_HOST": "127.0.0.1"}


@pytest.mark.django_db
def test_api_answers_are_gzipped_for_clients_that_accept_it():
    packed = Client().get("/api/v2/pages/", **GZIP)
    assert packed.status_code == 200 and packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert json.loads(gzip.decompress(packed.content))["meta"]["total_count"] > 0
    plain = Client().get("/api/v2/pages/", HTTP_HOST="127.0.0.1")
    assert not plain.has_header("Content-Encoding") and "Accept-Encoding" in plain["Vary"]
    assert json.loads(plain.content) == json.loads(gzip.decompress(packed.content))


@pytest.mark.django_db
def test_admin_pages_are_gzipped_too():
    login = Client().get("/admin/login/", **GZIP)
    assert login.status_code == 200 and login["Content-Encoding"] == "gzip"
    assert b"</html>" in gzip.decompress(login.content)


def test_images_pass_untouched():
    request = RequestFactory().get("/media/images/a.jpg", **GZIP)
    jpeg = b"\xff\xd8\xff" + bytes(range(256)) * 40
    streamed = TextGZipMiddleware(lambda r: FileResponse(io.BytesIO(jpeg), content_type="image/jpeg"))(request)
    assert not streamed.has_header("Content-Encoding") and b"".join(streamed.streaming_content) == jpeg
    html = TextGZipMiddleware(lambda r: HttpResponse("<p>calm</p>" * 100))(request)
    assert html["Content-Encoding"] == "gzip"


@pytest.mark.parametrize(
    "env, backend",
    [
        ({"APP_ENV": "production", **PRODUCTION_SECRETS}, "cms.core.static_files.FingerprintedStaticFiles"),
    ],
)
def test_production_uses_fingerprinted_static_files(env, backend):
    storages = read_settings("settings.STORAGES['staticfiles']['BACKEND']", env, unset=("APP_ENV", "STATIC_MANIFEST"))
    assert storages == backend


@pytest.mark.django_db
def test_without_collectstatic_the_admin_still_renders_with_plain_names(tmp_path):
    manifest = {"BACKEND": "cms.core.static_files.FingerprintedStaticFiles"}
    default = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    with override_settings(
        STATIC_ROOT=tmp_path / "never-collected",
        STORAGES={"default": default, "staticfiles": manifest},
        WHITENOISE_USE_FINDERS=True,
    ):
        assert static("wagtailadmin/css/core.css") == "/static/wagtailadmin/css/core.css"
        assert Client().get("/admin/login/", HTTP_HOST="127.0.0.1").status_code == 200


def test_development_needs_no_collectstatic(settings):
    assert settings.STORAGES["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedStaticFilesStorage"


@pytest.mark.django_db
def test_collected_static_files_are_immutable_and_precompressed(tmp_path):
    source, root = tmp_path / "assets", tmp_path / "static"
    source.mkdir()
    (source / "editor.css").write_text(".toolbar { display: flex; }\n" * 80)
    manifest = {"BACKEND": "cms.core.static_files.FingerprintedStaticFiles"}
    with override_settings(
        STATIC_ROOT=root,
        STATICFILES_DIRS=[source],
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        STORAGES={"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}, "staticfiles": manifest},
        WHITENOISE_USE_FINDERS=False,
    ):
        call_command("collectstatic", "--noinput", verbosity=0)
        url = static("editor.css")
        assert url != "/static/editor.css"  # fingerprinted
        answer = Client().get(url, **GZIP)
        assert answer["Cache-Control"] == "max-age=315360000, public, immutable"
        assert answer["Content-Encoding"] == "br"
        assert brotli.decompress(b"".join(answer.streaming_content)) == (source / "editor.css").read_bytes()
        assert Client().get("/static/editor.000000000000.css", **GZIP).status_code == 404
