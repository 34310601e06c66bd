"""Public performance pages: the scorecard and a page per measure."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from core.cache import cached_page
from performance.measures import presenters, selectors
from performance.spc import presenters as spc_presenters
from performance.spc import selectors as spc_selectors


def scorecard(request: HttpRequest) -> HttpResponse:
    """Every active measure: latest value, target, RAG, SPC variation and assurance, direction,
    comparisons and sparkline; what needs attention first."""

    def render() -> str:
        measures = list(selectors.measures_active())
        targets = selectors.targets_by_measure()
        annual = selectors.annual_figures()
        spc, values = spc_selectors.spc_with_values(measures, targets=targets)
        rows = [
            presenters.scorecard_row(
                m,
                presenters.status_for(m, values.of(m.id), targets.get(m.id, []), annual.get(m.id, {})),
                values.of(m.id),
                values.provenances_of(m.id),
                spc[m.id],
            )
            for m in measures
        ]
        context = {
            "rows": spc_presenters.sort_by_attention(rows, [spc[m.id] for m in measures]),
            "illustrative": any(r.illustrative for r in rows),
            "sort_explained": spc_presenters.ATTENTION_EXPLAINED,
        }
        return render_to_string("performance/scorecard.html", context, request)

    return cached_page(request, "measures", render)
