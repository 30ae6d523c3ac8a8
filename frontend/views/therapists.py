from flask import Blueprint, render_template

from shared.contract import THERAPIST, THERAPIST_INDEX

from ..page_cache import cached_page
from .pages import fetch_item, fetch_page

bp = Blueprint("therapists", __name__, url_prefix="/therapists")


@bp.get("/")
@cached_page()
def index():
    return render_template("therapists/index.html", page=fetch_page("/therapists/", THERAPIST_INDEX))


@bp.get("/<slug>/")
@cached_page()
def detail(slug):
    return render_template("therapists/detail.html", page=fetch_item("therapists", slug, THERAPIST))
