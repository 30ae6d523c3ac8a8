from flask import Blueprint, render_template

from shared.contract import HOME

from ..page_cache import cached_page
from .pages import fetch_page

bp = Blueprint("home", __name__)


@bp.get("/")
@cached_page()
def index():
    return render_template("home.html", page=fetch_page("/", HOME))
