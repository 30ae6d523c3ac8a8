"""The content endpoints: Wagtail's pages, images and documents, and the clinic's settings.

Shapes: shared.api_types. Registered in cms/api.py.
"""

from django.db.models import Q
from django.http import Http404
from rest_framework.response import Response
from wagtail.api.v2.serializers import PageParentField, PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import CollectionViewRestriction, Page, Site

from cms.booking.models import BookingSettings

from .api_params import only_parameters
from .api_views import BadQueryIs400, OneRouteAPIViewSet, with_clinic
from .visibility import public_pages


def shown_page_ids(page, answer: dict) -> list[int]:
    """The page itself and whatever its type says its answer shows (`api_shown_page_ids`).

    The site tags its cached copy with them (Surrogate-Key). A page not saved yet has no id.
    """
    ids = {page.pk}
    shown = getattr(page, "api_shown_page_ids", None)
    if shown is not None:
        ids.update(shown(answer))
    return sorted(i for i in ids if i)


def shown_keys(page, answer: dict) -> list[str]:
    """The lists this answer shows, as surrogate keys (`api_shown_keys` of its page type)."""
    shown = getattr(page, "api_shown_keys", None)
    return sorted(shown(answer)) if shown is not None else []


def loaded_for_answer(page):
    """The specific page with what its answer shows loaded alongside it, in one query:
    the related rows its type names in `api_select_related` (author, pictures, ...)."""
    model = page.specific_class
    if model is None:  # its page type's code is gone
        return page.specific
    related = getattr(model, "api_select_related", ())
    return model._default_manager.select_related(*related).get(pk=page.pk)


def path_components(html_path: str) -> list[str]:
    return [component for component in html_path.split("/") if component]


class PublicParentField(PageParentField):
    """Wagtail's `meta.parent`, found in one query (Wagtail's takes two: the parent, then
    whether the public may see it)."""

    def get_attribute(self, instance):
        if len(instance.path or "") <= instance.steplen:  # the tree's root has no parent
            return None
        return self.context["base_queryset"].filter(path=instance.path[: -instance.steplen]).first()


class ClinicPageSerializer(PageSerializer):
    parent = PublicParentField(read_only=True)


class ClinicPagesAPIViewSet(BadQueryIs400, PagesAPIViewSet):
    base_serializer_class = ClinicPageSerializer
    # The page this view answers for, when its caller has it already: found by its path, or a
    # draft in memory (cms/preview/views.py).
    page = None
    base_queryset = None

    def get_base_queryset(self):
        """Wagtail's base queryset (`get_public_pages_queryset`: live, public pages of the
        request's site, or of `?site=`), built once per view and with the view restrictions
        cms/core/visibility.py reads once per request: every restricted page is hidden, as
        everywhere else in the API, whoever asks."""
        if self.base_queryset is None:
            try:
                site = SiteFilterValidator(site=self.request.GET.get("site"), request=self.request).site_obj
            except ValueError as error:
                raise BadRequestError(str(error)) from error
            pages = public_pages(Page.objects.all(), self.request)
            self.base_queryset = pages.descendant_of(site.root_page, inclusive=True) if site else pages.none()
        return self.base_queryset

    def get_object(self):
        if self.page is None:
            self.page = loaded_for_answer(super().get_object())
        return self.page

    def answer_for(self, page) -> dict:
        """The detail answer for `page`: its fields, `meta.shown_page_ids` (every page this answer
        shows: the page, the section its breadcrumb links to, cards, author, neighbours,
        call-to-action targets, read from the answer itself) and the clinic.
        Shapes: shared.api_types (ArticleDetail, TherapistDetail, ... and Clinic)."""
        prepare = getattr(page, "api_prepare_answer", None)
        if prepare is not None:  # e.g. an article reads every picture it shows in one query
            prepare(self.request)
        answer = self.get_serializer(page).data
        answer["meta"]["shown_page_ids"] = shown_page_ids(page, answer)
        answer["meta"]["shown_keys"] = shown_keys(page, answer)
        return with_clinic(answer, self.request)

    def detail_view(self, request, pk):
        return Response(self.answer_for(self.get_object()))

    def find_object(self, queryset, request):
        """A page by its public path, looked up by Wagtail's own `url_path` in one query (routing
        through the tree costs two queries per level); by `?id=` as in Wagtail."""
        site = Site.find_for_request(request)
        if "html_path" not in request.GET or site is None:
            return super().find_object(queryset, request)
        components = path_components(request.GET["html_path"])
        url_path = site.root_page.url_path + "".join(f"{component}/" for component in components)
        found = queryset.filter(url_path=url_path).first()
        return loaded_for_answer(found) if found else None

    def find_view(self, request):
        """Answer `find/?html_path=` with the page itself rather than a redirect to it:
        the site looks pages up by their public path, one round trip per page render."""
        try:
            page = self.find_object(self.get_queryset(), request)
        except (ValueError, self.model.DoesNotExist):
            page = None
        if page is None:
            raise Http404("not found")
        self.page = page
        self.kwargs["pk"] = page.pk
        return self.detail_view(request, page.pk)


class ClinicImagesAPIViewSet(BadQueryIs400, ImagesAPIViewSet):
    pass


class ClinicDocumentsAPIViewSet(BadQueryIs400, DocumentsAPIViewSet):
    def get_queryset(self):
        """Documents of a view-restricted collection (or one inside it) are not listed."""
        hidden = Q()
        for path in CollectionViewRestriction.objects.values_list("collection__path", flat=True):
            hidden |= Q(collection__path__startswith=path)
        queryset = super().get_queryset()
        return queryset.exclude(hidden) if hidden else queryset


class BookingSettingsAPIViewSet(OneRouteAPIViewSet):
    """The clinic's booking settings for the requesting site, as one object."""

    model = BookingSettings
    name = "booking-settings"

    def listing_view(self, request):
        only_parameters(request)
        return Response(BookingSettings.for_request(request).settings_api_dict())
