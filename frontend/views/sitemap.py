"""/sitemap.xml (every public page with its last change) and /robots.txt pointing at it.

Up to SITEMAP_MAX_URLS addresses, /sitemap.xml is one <urlset>; beyond that it is a
<sitemapindex> of children /sitemap-1.xml, /sitemap-2.xml, ... each holding that many.
The addresses come from the CMS's compact sitemap endpoint, SITEMAP_API_LIMIT (5,000) a
request: 10,000 articles cost three requests. Which pages appear (public, not expired) is
the CMS's decision (cms/core/sitemap.py). Cached like any page; every publish purges the
sitemap and each child (shared.site_map.sitemap_paths).
"""

import math
import re
import xml.etree.ElementTree as ET

from flask import Blueprint, abort, current_app, make_response

from shared.site_map import SITEMAP_PATH, sitemap_child_path

from ..caching import cached_page
from ..content.client import cms

bp = Blueprint("sitemap", __name__)

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML_TYPE = "application/xml; charset=utf-8"
CHILD_NUMBER = re.compile(r"[1-9][0-9]{0,5}", re.ASCII)


def xml_response(root: ET.Element):
    response = make_response(ET.tostring(root, encoding="utf-8", xml_declaration=True))
    response.headers["Content-Type"] = XML_TYPE
    return response


def urlset(entries) -> ET.Element:
    origin = current_app.config["SITE_PUBLIC_URL"]
    root = ET.Element("urlset", xmlns=NAMESPACE)
    for entry in entries:
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = origin + entry["path"]
        if entry["lastmod"]:
            ET.SubElement(url, "lastmod").text = entry["lastmod"]
    return root


def sitemap_index(children: int) -> ET.Element:
    origin = current_app.config["SITE_PUBLIC_URL"]
    root = ET.Element("sitemapindex", xmlns=NAMESPACE)
    for number in range(1, children + 1):
        ET.SubElement(ET.SubElement(root, "sitemap"), "loc").text = origin + sitemap_child_path(number)
    return root


@bp.get(SITEMAP_PATH)
@cached_page()
def sitemap():
    limit = current_app.config["SITEMAP_MAX_URLS"]
    # The first answer's total says whether an index is needed; then no more is fetched.
    answer = cms().sitemap_entries(0, limit, unless_total_over=limit)
    total = answer["meta"]["total_count"]
    if total <= limit:
        return xml_response(urlset(answer["items"]))
    return xml_response(sitemap_index(math.ceil(total / limit)))


@bp.get("/sitemap-<number>.xml")
@cached_page()
def sitemap_child(number):
    limit = current_app.config["SITEMAP_MAX_URLS"]
    if not CHILD_NUMBER.fullmatch(number):
        abort(404)  # one address per child: "sitemap-01.xml" is not "sitemap-1.xml"
    number = int(number)
    answer = cms().sitemap_entries((number - 1) * limit, limit)
    total = answer["meta"]["total_count"]
    # Children exist only while /sitemap.xml is an index, and only as many as it names.
    if total <= limit or number > math.ceil(total / limit):
        abort(404)
    return xml_response(urlset(answer["items"]))


@bp.get("/robots.txt")
def robots():
    if current_app.config["ROBOTS_DISALLOW_ALL"]:
        rules = "User-agent: *\nDisallow: /\n"
    else:
        rules = f"User-agent: *\nAllow: /\n\nSitemap: {current_app.config['SITE_PUBLIC_URL']}{SITEMAP_PATH}\n"
    response = make_response(rules)
    response.headers["Content-Type"] = "text/plain; charset=utf-8"
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
