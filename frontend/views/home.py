from flask import Blueprint, render_template

from shared.contract import HOME

from .pages import fetch_page

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    return render_template("home.html", page=fetch_page("/", HOME))
