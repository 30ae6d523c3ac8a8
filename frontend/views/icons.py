"""The favicon, the iOS home-screen icon and the web app manifest, at the addresses browsers ask for.

Browsers request /favicon.ico and /apple-touch-icon.png at the root whatever the page
says, so those answer there (not only under /static/). Drawn by scripts/make_icons.py.
"""

from flask import Blueprint, current_app, jsonify, url_for

bp = Blueprint("icons", __name__)

ICON_MAX_AGE = 7 * 24 * 3600
THEME_COLOUR = "#1f5f5b"  # --primary in site.css
BACKGROUND_COLOUR = "#faf8f4"  # --bg


def icon(filename: str):
    return current_app.send_static_file(f"icons/{filename}")


@bp.get("/favicon.ico")
def favicon():
    response = icon("favicon.ico")
    response.cache_control.max_age = ICON_MAX_AGE
    response.cache_control.public = True
    return response


@bp.get("/apple-touch-icon.png")
def apple_touch_icon():
    response = icon("apple-touch-icon.png")
    response.cache_control.max_age = ICON_MAX_AGE
    response.cache_control.public = True
    return response


@bp.get("/site.webmanifest")
def manifest():
    name = current_app.config["SITE_NAME"]
    response = jsonify(
        {
            "name": name,
            "short_name": name.split()[0] if len(name) > 12 else name,
            "start_url": "/",
            "display": "browser",
            "theme_color": THEME_COLOUR,
            "background_color": BACKGROUND_COLOUR,
            "icons": [
                {
                    "src": url_for("static", filename=f"icons/icon-{size}.png"),
                    "sizes": f"{size}x{size}",
                    "type": "image/png",
                }
                for size in (192, 512)
            ],
        }
    )
    response.mimetype = "application/manifest+json"
    response.cache_control.max_age = ICON_MAX_AGE
    response.cache_control.public = True
    return response
