"""WordPress exports written for the tests, in the shapes current WordPress (and other tools) write."""

ITEM = """
<item>
  <title>{title}</title>
  <link>{link}</link>
  <pubDate>Thu, 14 Mar 2024 07:30:00 +0000</pubDate>
  <dc:creator><![CDATA[{login}]]></dc:creator>
  <guid isPermaLink="false">{guid}</guid>
  <content:encoded><![CDATA[{content}]]></content:encoded>
  <excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>
  {ids}
  <wp:post_date_gmt><![CDATA[2024-03-14 07:30:00]]></wp:post_date_gmt>
  <wp:post_modified_gmt><![CDATA[2024-03-20 09:00:00]]></wp:post_modified_gmt>
  <wp:status><![CDATA[{status}]]></wp:status>
  <wp:post_type><![CDATA[post]]></wp:post_type>
  <wp:post_password><![CDATA[{password}]]></wp:post_password>
  <wp:is_sticky>{sticky}</wp:is_sticky>
  <category domain="post_tag" nicename="tables-and-code"><![CDATA[Tables &amp; code]]></category>
  {extra}
</item>"""

COMMENT = """<wp:comment><wp:comment_id>{n}</wp:comment_id><wp:comment_content><![CDATA[Nice]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved></wp:comment>"""

GUTENBERG = """<!-- wp:paragraph --><p>A short opening.</p><!-- /wp:paragraph -->
<!-- wp:heading --><h2 class="wp-block-heading">Prices</h2><!-- /wp:heading -->
<!-- wp:table --><figure class="wp-block-table"><table><thead><tr><th>Session</th><th>Price</th></tr></thead><tbody><tr><td>60 min</td><td>75 €</td></tr><tr><td>90 min</td><td>105 €</td></tr></tbody></table><figcaption>Our prices</figcaption></figure><!-- /wp:table -->
<!-- wp:code --><pre class="wp-block-code"><code class="language-python">def stretch():
    return "slowly"</code></pre><!-- /wp:code -->
<!-- wp:preformatted --><pre class="wp-block-preformatted">Monday    9-17
Tuesday   9-17</pre><!-- /wp:preformatted -->
<!-- wp:verse --><pre class="wp-block-verse">Breathe in,<br>breathe out.</pre><!-- /wp:verse -->
<!-- wp:embed {"url":"https://www.youtube.com/watch?v=abc123"} --><figure class="wp-block-embed is-type-video is-provider-youtube"><div class="wp-block-embed__wrapper">
https://www.youtube.com/watch?v=abc123
</div></figure><!-- /wp:embed -->
<!-- wp:image --><figure class="wp-block-image"><img src="pictures/a.png" alt="A calm room" class="wp-image-901"/><figcaption>The room</figcaption></figure><!-- /wp:image -->
<!-- wp:separator --><hr class="wp-block-separator has-alpha-channel-opacity"/><!-- /wp:separator -->
<!-- wp:gallery --><figure class="wp-block-gallery"><!-- wp:image --><figure class="wp-block-image"><img src="pictures/b.png" alt="Towels"/><figcaption>Towels</figcaption></figure><!-- /wp:image --></figure><!-- /wp:gallery -->
<!-- wp:buttons --><div class="wp-block-buttons"><div class="wp-block-button"><a class="wp-block-button__link" href="https://book.example/">Book now</a></div></div><!-- /wp:buttons -->
<!-- wp:pullquote --><figure class="wp-block-pullquote"><blockquote><p>Rest is part of training.</p><cite>A runner</cite></blockquote></figure><!-- /wp:pullquote -->
<!-- wp:latest-posts /-->
<!-- wp:list --><ul><li>One</li><li>Two</li></ul><!-- /wp:list -->"""

CLASSIC = """Before the video.

https://vimeo.com/76979871

[caption id="attachment_902" align="alignnone" width="300"]<img class="wp-image-902" src="pictures/b.png" alt="" width="300" /> Fresh towels[/caption]

[gallery ids="901,902"]

[contact-form-7 id="12" title="Contact"]

After [sic] the form."""


def item(
    title="A post",
    link="https://blog.example/2024/03/a-post/",
    content="<p>Text.</p>",
    excerpt="",
    post_id=None,
    slug=None,
    status="publish",
    password="",
    sticky=0,
    login="piia",
    comments=0,
    guid=None,
    extra="",
):
    ids = (f"<wp:post_id>{post_id}</wp:post_id>" if post_id is not None else "") + (
        f"<wp:post_name><![CDATA[{slug}]]></wp:post_name>" if slug is not None else ""
    )
    return ITEM.format(
        title=title,
        link=link,
        content=content,
        excerpt=excerpt,
        ids=ids,
        status=status,
        password=password,
        sticky=sticky,
        login=login,
        guid=guid or link,
        extra=extra + "".join(COMMENT.format(n=n) for n in range(comments)),
    )


def attachment(post_id, url, alt):
    return f"""<item><title>picture {post_id}</title><wp:post_id>{post_id}</wp:post_id>
  <wp:post_type><![CDATA[attachment]]></wp:post_type><wp:attachment_url><![CDATA[{url}]]></wp:attachment_url>
  <wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value><![CDATA[{alt}]]></wp:meta_value></wp:postmeta></item>"""


def export(*items, scheme="https", version="1.2", base="https://blog.example"):
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="{scheme}://wordpress.org/export/{version}/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{scheme}://wordpress.org/export/{version}/">
<channel>
  <title>Old blog</title><link>{base}</link>
  <wp:wxr_version>{version}</wp:wxr_version><wp:base_site_url>{base}</wp:base_site_url><wp:base_blog_url>{base}</wp:base_blog_url>
  <wp:author><wp:author_login><![CDATA[piia]]></wp:author_login><wp:author_display_name><![CDATA[Piia L.]]></wp:author_display_name></wp:author>
  {"".join(items)}
</channel></rss>"""
