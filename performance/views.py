"""Public performance pages: the scorecard."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from core.cache import cached_page
from performance.judgement.selectors import judgements_for
from performance.measures import presenters, selectors
from performance.spc import presenters as spc_presenters


def scorecard(request: HttpRequest) -> HttpResponse:
    """Every active measure: latest value, target, RAG, SPC variation and assurance, direction,
    comparisons and sparkline; what needs attention first."""

    def render() -> str:
        measures = list(selectors.measures_active())
        judged = judgements_for(measures)
        rows = [
            presenters.scorecard_row(
                m, judged[m.id].latest, judged[m.id].points, judged[m.id].illustrative, judged[m.id].spc
            )
            for m in measures
        ]
        context = {
            "rows": spc_presenters.sort_by_attention(rows, [judged[m.id].spc for m in measures]),
            "illustrative": any(r.illustrative for r in rows),
            "sort_explained": spc_presenters.ATTENTION_EXPLAINED,
        }
        return render_to_string("performance/scorecard.html", context, request)

    return cached_page(request, "measures", render)
