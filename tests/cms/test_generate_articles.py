"""devtools/generate_articles.py: the bulk insert that the scale tests and benchmarks stand on."""

import datetime

import pytest
from wagtail.models import Page

from cms.articles.models import ArticleIndexPage, ArticlePage
from devtools.generate_articles import generate, tree_problems

pytestmark = pytest.mark.django_db


def test_generated_articles_are_live_children_of_a_sound_tree():
    index = ArticleIndexPage.objects.get()
    before = index.get_children().count()
    generate(30, datetime.date(2025, 12, 31))
    index.refresh_from_db()
    assert index.get_children().live().type(ArticlePage).count() == before + 30 == index.numchild
    assert tree_problems(index) == []
    assert not any(Page.find_problems())  # treebeard's full check agrees


def test_the_check_finds_a_wrong_child_count_and_a_wrong_depth():
    index = ArticleIndexPage.objects.get()
    generate(3, datetime.date(2025, 12, 31))
    index.refresh_from_db()
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + 1)
    child = index.get_children().last()
    Page.objects.filter(pk=child.pk).update(depth=child.depth + 1)
    problems = tree_problems(Page.objects.get(pk=index.pk))
    assert len(problems) == 2 and str(child.pk) in problems[0] and "counts" in problems[1]
