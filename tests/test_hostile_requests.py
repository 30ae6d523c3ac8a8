"""Property-based tests: whatever a client sends, the site and the CMS API answer below 500.

Hypothesis builds request paths (Unicode, %-escapes with %00 and overlong UTF-8, dot
segments, runs of slashes, very long names), query strings (repeated parameters,
page numbers in every spelling, the API's own parameters with junk) and headers
(validators, ranges, hosts, proxies, cookies) and sends them byte for byte over a
socket to a gunicorn site rendering from a live CMS, and to the CMS API itself.
Examples are derived from the test names (derandomize), so every run sends the same
requests; `@example` pins inputs that once answered 500, whatever the generator draws.
"""

import http.client
import socket
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from shared.signing import SignatureError, sign, verify
from tests.live_servers import LiveSite

# Bounded for CI: the same 150 requests per test on every run, no example database.
LIVE = settings(
    max_examples=150, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)

# -- sending bytes as they are ------------------------------------------------------------


def send(port: int, target: bytes, headers: list[tuple[bytes, bytes]] = (), method: bytes = b"GET") -> int:
    """The status of one request whose target and headers go out exactly as given."""
    lines = [method + b" " + target + b" HTTP/1.1"]
    names = {name.lower() for name, _ in headers}
    if b"host" not in names:
        lines.append(b"Host: 127.0.0.1:" + str(port).encode())
    lines += [name + b": " + value for name, value in headers]
    lines.append(b"Connection: close")
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(b"\r\n".join(lines) + b"\r\n\r\n")
        response = http.client.HTTPResponse(sock, method=method.decode())
        response.begin()
        response.read()
        return response.status


# -- what hostile clients send ---------------------------------------------------------------

NUMBERS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=0, max_value=99).map(lambda n: "0" * 5 + str(n)),  # leading zeros
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "+1",
            " 1",
            "1.0",
            "1e3",
            "0x10",
            "²",
            "١٢",
            "𝟗",
            "Ⅻ",
            "１",
            "½",
            "∞",
            "NaN",
            "9" * 5000,
            str(2**31),
            str(2**63),
            str(2**64),
            str(-(2**63) - 1),
            "9" * 20,
        ]  # past what databases store
    ),
    st.text(alphabet=st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=6),  # any Unicode digit
)


def percent(raw: bytes) -> str:
    return "".join(f"%{byte:02X}" for byte in raw)


SEGMENTS = st.one_of(
    st.sampled_from(
        [
            "",
            ".",
            "..",
            "%2e",
            "%2e%2e",
            "%2E%2E",
            ".%2e",
            "%00",
            "%2f",
            "%2F",
            "%5c",
            "\\",
            "%c0%ae",
            "%c0%af",
            "%e0%80%ae",
            "%ff",
            "%fe%ff",
            "%ed%a0%80",
            "%e2%80%ae",
            "%25",
            "%252e",
            "%",
            "%g0",
            "~",
            ";",
            ";x=1",
            "articles",
            "therapists",
            "services",
            "massage-for-the-feet",
            "piia-laakso",
            "pregnancy-massage",
            "static",
            "_cms",
            "purge",
            "healthz",
            "api",
            "feed",
            "sitemap.xml",
            "index.html",
            "favicon.ico",
        ]
    ),
    st.text(max_size=20).map(lambda text: quote(text.encode("utf-8", "surrogatepass"), safe="")),
    st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="?#"), max_size=20),
    st.binary(min_size=1, max_size=6).map(percent),
    st.text(
        alphabet=st.characters(min_codepoint=0xA0, exclude_categories=["Cs", "Zs", "Zl", "Zp"]), min_size=1, max_size=6
    ),
    st.integers(min_value=200, max_value=9000).map(lambda n: "a" * n),  # overlong names
)

PATHS = st.builds(
    lambda segments, trailing: "/" + "/".join(segments) + ("/" if trailing else ""),
    st.lists(SEGMENTS, max_size=7),
    st.booleans(),
)


def query(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{name}={value}" if value is not None else name for name, value in pairs)


def encoded(strategy):
    """Values as a browser would escape them, raw, or as arbitrary %-escaped bytes."""
    return st.one_of(
        strategy.map(lambda text: quote(text.encode("utf-8", "surrogatepass"), safe="")),
        strategy.filter(lambda text: not any(c in text for c in "&#% \t\r\n\x00")),
        st.binary(max_size=8).map(percent),
    )


SITE_PARAMS = st.lists(
    st.tuples(
        st.sampled_from(["page", "page", "page", "PAGE", "page[]", "utm_source", "fbclid", "q", "", "page%00"]),
        st.one_of(st.none(), encoded(st.one_of(NUMBERS, st.text(max_size=12)))),
    ),
    max_size=5,
).map(query)

HEADER_TEXT = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"), max_size=120
).map(lambda text: text.encode("latin-1"))

HTTP_DATES = st.sampled_from(
    [
        b"Thu, 01 Jan 1970 00:00:00 GMT",
        b"Fri, 31 Dec 9999 23:59:59 GMT",
        b"Mon, 01 Jan 0001 00:00:00 GMT",
        b"Sun, 06 Nov 1994 08:49:37 GMT",
        b"Sunday, 06-Nov-94 08:49:37 GMT",
        b"Sun Nov  6 08:49:37 1994",
        b"0",
        b"-1",
        b"99999999999999999999",
        b"Feb 30 2026",
        b"",
        b"Tue, 31 Feb 2026 25:61:61 GMT",
    ]
)

HEADERS = st.lists(
    st.one_of(
        st.tuples(
            st.just(b"If-None-Match"),
            st.one_of(st.sampled_from([b"*", b'"x"', b'W/"x"', b'"', b",,,", b'"a", W/"b"']), HEADER_TEXT),
        ),
        st.tuples(st.just(b"If-Modified-Since"), st.one_of(HTTP_DATES, HEADER_TEXT)),
        st.tuples(
            st.just(b"Range"),
            st.one_of(
                st.sampled_from(
                    [
                        b"bytes=0-0",
                        b"bytes=-1",
                        b"bytes=5-1",
                        b"bytes=99999999999999999999999-",
                        b"bytes=0-0,1-1,2-2",
                        b"lines=1-2",
                    ]
                ),
                HEADER_TEXT,
            ),
        ),
        st.tuples(st.just(b"If-Range"), st.one_of(HTTP_DATES, HEADER_TEXT)),
        st.tuples(
            st.just(b"Host"),
            st.one_of(
                st.sampled_from([b"", b"evil.example", b"127.0.0.1:99999", b"[::1", b"a" * 300, b"localhost:0"]),
                HEADER_TEXT,
            ),
        ),
        st.tuples(st.sampled_from([b"Accept", b"Accept-Language", b"Accept-Encoding", b"Accept-Charset"]), HEADER_TEXT),
        st.tuples(
            st.sampled_from(
                [
                    b"X-Forwarded-For",
                    b"X-Forwarded-Proto",
                    b"X-Forwarded-Host",
                    b"X-Forwarded-Port",
                    b"X-Forwarded-Prefix",
                    b"Forwarded",
                ]
            ),
            st.one_of(
                st.sampled_from([b"https", b"1.2.3.4, ::1", b"evil.example", b"99999", b"/x/../.."]), HEADER_TEXT
            ),
        ),
        st.tuples(
            st.just(b"Cookie"),
            st.one_of(st.sampled_from([b"session=\x00", b"a=b; a=c", b'x="', b"=;=;="]), HEADER_TEXT),
        ),
        st.tuples(
            st.sampled_from([b"Content-Length", b"Expect", b"Content-Type"]),
            st.sampled_from([b"0", b"100-continue", b"text/plain; charset=\xff"]),
        ),
    ),
    max_size=4,
)

SITE_PATHS = st.one_of(
    PATHS,
    st.sampled_from(["/", "/articles/", "/therapists/", "/services/", "/articles/massage-for-the-feet/", "/healthz"]),
)


# -- the public site -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_site(live_cms, tmp_path_factory):
    site = LiveSite(live_cms.api_url, tmp_path_factory.mktemp("hostile-site-cache"), workers=2).start()
    yield site
    site.stop()


def target(path: str, query_string: str = "") -> bytes:
    return (path + ("?" + query_string if query_string else "")).encode("utf-8", "surrogatepass")


@pytest.mark.e2e
@LIVE
@given(path=PATHS, query_string=st.one_of(st.just(""), SITE_PARAMS))
def test_the_site_answers_any_path_below_500(hostile_site, path, query_string):
    assert send(hostile_site.port, target(path, query_string)) < 500


@pytest.mark.e2e
@LIVE
@given(number=encoded(NUMBERS), path=st.sampled_from(["/articles/", "/", "/therapists/"]))
@example(number="%C2%B2", path="/articles/")  # "²": str.isdigit() says yes, int() says no
@example(number="9" * 5000, path="/articles/")
def test_the_site_answers_any_page_number_below_500(hostile_site, number, path):
    assert send(hostile_site.port, target(path, f"page={number}")) < 500


@pytest.mark.e2e
@LIVE
@given(path=st.sampled_from(["/articles/", "/", "/services/pregnancy-massage/"]), query_string=SITE_PARAMS)
def test_the_site_answers_any_query_below_500(hostile_site, path, query_string):
    assert send(hostile_site.port, target(path, query_string)) < 500


@pytest.mark.e2e
@LIVE
@given(path=SITE_PATHS, headers=HEADERS, method=st.sampled_from([b"GET", b"GET", b"HEAD"]))
@example(path="/healthz", headers=[(b"Host", b"a" * 64)], method=b"GET")  # a DNS label over 63 characters
def test_the_site_answers_any_headers_below_500(hostile_site, path, headers, method):
    assert send(hostile_site.port, target(path), headers, method) < 500


# -- the CMS API -----------------------------------------------------------------------------

LISTINGS = ["/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/"]
PAGE_TYPES = [
    "articles.ArticlePage",
    "therapists.TherapistPage",
    "services.ServicePage",
    "home.HomePage",
    "articles.ArticleIndexPage",
    "wagtailcore.Page",
    "articles.Nope",
    "nope",
    "a.b.c",
    ".",
    "",
]
# The page types' API fields, each also a filter (with ?type=) and a sort key.
API_FIELDS = [
    "title",
    "slug",
    "id",
    "body",
    "author",
    "summary",
    "hero",
    "card_image",
    "services",
    "therapists",
    "tags",
    "publication_date",
    "previous",
    "next",
    "booking",
    "booking_url",
    "article_count",
    "biography",
    "contact_email",
    "description",
    "featured_articles",
    "image",
    "intro",
    "options",
    "photo",
    "price",
    "role",
    "working_days",
    "show_in_menus",
    "seo_title",
    "first_published_at",
    "locale",
]
FIELD_LISTS = st.lists(
    st.one_of(
        st.sampled_from(API_FIELDS + ["_", "*", "-title", "-_", "-*", "(", ")", "", "meta", "html_url", "parent"]),
        st.builds(
            "{}({})".format,
            st.sampled_from(API_FIELDS + ["*", "_"]),
            st.sampled_from(API_FIELDS + ["*", "_", "", "x(y)"]),
        ),
    ),
    min_size=1,
    max_size=4,
).map(",".join)
ORDERS = st.lists(
    st.sampled_from(API_FIELDS + ["random", "-random", "-id", "", "-", "--title"]), min_size=1, max_size=3
).map(",".join)
# What search engines and SQL treat specially, and NUL, which no database text column holds.
QUERY_SYNTAX = st.text(alphabet=st.sampled_from("\x00\"'*()-+:^~%_\\ aé"), min_size=1, max_size=8)
NUMERIC_PARAMS = ["offset", "limit", "child_of", "descendant_of", "ancestor_of", "translation_of", "id", "site"]
TEXT_PARAMS = [
    "search",
    "search_operator",
    "html_path",
    "locale",
    "slug",
    "title",
    "publication_date",
    "author",
    "tags",
    "rich_text_format",
    "format",
    "_",
    "zzz",
]

API_PAIR = st.one_of(
    st.tuples(st.sampled_from(NUMERIC_PARAMS), encoded(NUMBERS)),
    st.tuples(
        st.sampled_from(TEXT_PARAMS + API_FIELDS), encoded(st.one_of(st.text(max_size=16), NUMBERS, QUERY_SYNTAX))
    ),
    st.tuples(st.just("type"), encoded(st.sampled_from(PAGE_TYPES))),
    st.tuples(st.just("fields"), encoded(FIELD_LISTS)),
    st.tuples(st.just("order"), encoded(ORDERS)),
    st.tuples(st.sampled_from(NUMERIC_PARAMS + TEXT_PARAMS), st.none()),
)
API_PARAMS = st.lists(API_PAIR, max_size=4).map(query)

API_HEADERS = st.lists(
    st.one_of(
        st.tuples(st.just(b"If-None-Match"), HEADER_TEXT),
        st.tuples(st.just(b"If-Modified-Since"), st.one_of(HTTP_DATES, HEADER_TEXT)),
        st.tuples(
            st.sampled_from([b"Accept", b"Accept-Language", b"Accept-Encoding"]),
            st.one_of(
                st.sampled_from([b"application/json; version=99", b"text/html", b"*/*;q=x", b"fi, en;q=0.5"]),
                HEADER_TEXT,
            ),
        ),
        st.tuples(st.sampled_from([b"X-Forwarded-Proto", b"X-Forwarded-For", b"X-Forwarded-Host"]), HEADER_TEXT),
        st.tuples(st.just(b"Cookie"), HEADER_TEXT),
    ),
    max_size=3,
)


@pytest.mark.e2e
@LIVE
@given(endpoint=st.sampled_from(LISTINGS), parameter=API_PAIR)
@example(endpoint="/api/v2/pages/", parameter=("offset", str(2**63)))
@example(endpoint="/api/v2/images/", parameter=("search", "%00"))
@example(endpoint="/api/v2/pages/", parameter=("search", "%22"))
@example(endpoint="/api/v2/pages/", parameter=("first_published_at", "x"))
def test_the_cms_listings_answer_any_parameter_below_500(live_cms, endpoint, parameter):
    assert send(live_cms.port, target(endpoint, query([parameter]))) < 500


@pytest.mark.e2e
@LIVE
@given(endpoint=st.sampled_from(LISTINGS), query_string=API_PARAMS)
def test_the_cms_listings_answer_any_query_below_500(live_cms, endpoint, query_string):
    assert send(live_cms.port, target(endpoint, query_string)) < 500


@pytest.mark.e2e
@LIVE
@given(page_type=st.sampled_from(PAGE_TYPES[:5]), parameters=st.lists(API_PAIR, min_size=1, max_size=2))
@example(page_type="articles.ArticlePage", parameters=[("publication_date", "2026-13-01")])
@example(page_type="articles.ArticlePage", parameters=[("author", str(2**63))])
def test_the_cms_page_filters_answer_any_query_below_500(live_cms, page_type, parameters):
    assert send(live_cms.port, target("/api/v2/pages/", query([("type", page_type), *parameters]))) < 500


@pytest.mark.e2e
@LIVE
@given(
    endpoint=st.builds(
        "/api/v2/{}/{}/".format,
        st.sampled_from(["pages", "pages", "images", "documents"]),
        encoded(st.one_of(st.integers(min_value=-3, max_value=40).map(str), NUMBERS, st.text(max_size=8))),
    ),
    query_string=st.one_of(st.just(""), API_PARAMS),
)
def test_the_cms_details_answer_any_id_below_500(live_cms, endpoint, query_string):
    assert send(live_cms.port, target(endpoint, query_string)) < 500


@pytest.mark.e2e
@LIVE
@given(html_path=encoded(st.one_of(PATHS, st.text(max_size=30))), query_string=st.one_of(st.just(""), API_PARAMS))
def test_the_cms_find_answers_any_path_below_500(live_cms, html_path, query_string):
    query_string = f"html_path={html_path}" + (f"&{query_string}" if query_string else "")
    assert send(live_cms.port, target("/api/v2/pages/find/", query_string)) < 500


@pytest.mark.e2e
@LIVE
@given(
    endpoint=st.sampled_from(
        ["/api/v2/booking-settings/", "/api/v2/pages/", "/api/v2/pages/find/?html_path=/", "/api/v2/pages/3/"]
    ),
    query_string=st.one_of(st.just(""), API_PARAMS),
    headers=API_HEADERS,
)
def test_the_cms_answers_any_headers_below_500(live_cms, endpoint, query_string, headers):
    separator = "&" if "?" in endpoint else "?"
    raw = (endpoint + (separator + query_string if query_string else "")).encode("utf-8", "surrogatepass")
    assert send(live_cms.port, raw, headers) < 500


# -- the signature check itself --------------------------------------------------------------


@settings(max_examples=500, derandomize=True, database=None)
@given(
    body=st.binary(max_size=64),
    timestamp=st.one_of(
        st.none(), st.text(max_size=20), st.integers(min_value=0, max_value=10**13).map(str), st.just("9" * 5000)
    ),
    signature=st.one_of(st.none(), st.text(max_size=80), st.text(max_size=64).map("sha256={}".format)),
    secret=st.text(max_size=20),
    now=st.floats(min_value=0, max_value=10**13, allow_nan=False),
)
def test_verify_refuses_made_up_signatures_with_signature_error_only(body, timestamp, signature, secret, now):
    # Nothing made up matches an HMAC; any other exception would be a 500 at the webhook.
    with pytest.raises(SignatureError):
        verify(body, timestamp, signature, secret, now=now)


@settings(max_examples=200, derandomize=True, database=None)
@given(
    body=st.binary(max_size=256),
    secret=st.text(min_size=1, max_size=40),
    timestamp=st.integers(min_value=0, max_value=10**12 - 1),
)
def test_verify_accepts_what_sign_made(body, secret, timestamp):
    headers = sign(body, secret, timestamp)
    verify(body, headers["X-Clinic-Timestamp"], headers["X-Clinic-Signature"], secret, now=timestamp + 299)
