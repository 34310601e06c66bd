"""The public options appraisal page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from core.cache import cached_page
from options import presenters, selectors


def appraisal(request: HttpRequest) -> HttpResponse:
    """The options ranked by computed total, their weighted scores, weights, acceptability and
    how sensitive the leading pair is to each weight."""

    def render() -> str:
        current = selectors.appraisal_current()
        page = None
        if current is not None:
            options = list(selectors.options_with_totals(appraisal=current))
            criteria, scores = selectors.appraisal_matrix(appraisal=current)
            page = presenters.appraisal_page(options, criteria, scores)
        return render_to_string("options/appraisal.html", {"appraisal": current, "page": page}, request)

    return cached_page(request, "options", render)
