from flask import Blueprint

from shared.contract import HOME

from ..caching import cached_page
from .pages import fetch_page, render_page

bp = Blueprint("home", __name__)


@bp.get("/")
@cached_page()
def index():
    return render_page("home.html", fetch_page("/", HOME))
