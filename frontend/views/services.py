from flask import Blueprint, render_template

from shared.contract import SERVICE, SERVICE_INDEX

from ..page_cache import cached_page
from .pages import fetch_item, fetch_page

bp = Blueprint("services", __name__, url_prefix="/services")


@bp.get("/")
@cached_page()
def index():
    return render_template("services/index.html", page=fetch_page("/services/", SERVICE_INDEX))


@bp.get("/<slug>/")
@cached_page()
def detail(slug):
    return render_template("services/detail.html", page=fetch_item("services", slug, SERVICE))
