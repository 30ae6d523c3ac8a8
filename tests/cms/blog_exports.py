"""Small WordPress exports (WXR) written for the admin import's tests."""

from xml.sax.saxutils import escape

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Admin import test blog</title>
  <link>https://admin-import.example</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://admin-import.example</wp:base_site_url>
"""

ITEM = """  <item>
    <title>{title}</title>
    <link>https://admin-import.example/{slug}/</link>
    <pubDate>Mon, 03 Mar 2025 09:00:00 +0000</pubDate>
    <dc:creator>{author}</dc:creator>
    <guid isPermaLink="false">https://admin-import.example/?p={post_id}</guid>
    <content:encoded><![CDATA[<p>{text}</p>]]></content:encoded>
    <excerpt:encoded><![CDATA[]]></excerpt:encoded>
    <wp:post_id>{post_id}</wp:post_id>
    <wp:post_date_gmt>2025-03-03 09:00:00</wp:post_date_gmt>
    <wp:post_name>{slug}</wp:post_name>
    <wp:status>{status}</wp:status>
    <wp:post_type>post</wp:post_type>
  </item>
"""

# (title, slug, status): a formula-looking title, to show the CSV keeps it as text.
POSTS = [
    ("Stretching after a long run", "stretching-after-a-long-run", "publish"),
    ('=HYPERLINK("http://evil.example","Click")', "formula-title", "publish"),
    ("Notes for the next newsletter", "newsletter-notes", "draft"),
    ("Staff only: rota", "staff-rota", "private"),
]


def export(posts=POSTS, author="Nobody Here") -> bytes:
    items = "".join(
        ITEM.format(
            title=escape(title),
            slug=slug,
            status=status,
            post_id=100 + number,
            author=escape(author),
            text=f"The text of post {number}, which has enough words to be kept as an article.",
        )
        for number, (title, slug, status) in enumerate(posts)
    )
    return (HEAD + items + "</channel>\n</rss>\n").encode()


def many_posts(count: int) -> bytes:
    return export([(f"Post number {n}", f"post-number-{n}", "publish") for n in range(count)])
