"""Public performance pages: the scorecard and a page per measure."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string

from core.cache import cached_page
from improvement import selectors as improvement_selectors
from performance import presenters, selectors
from performance.benchmarks import standings_by_year
from performance.charts import EventMark


def scorecard(request: HttpRequest) -> HttpResponse:
    """Every active measure: latest value, target, RAG, direction, comparisons and sparkline."""

    def render() -> str:
        measures = list(selectors.measures_active())
        values = selectors.approved_values()
        targets = selectors.targets_by_measure()
        annual = selectors.annual_figures()
        rows = [
            presenters.scorecard_row(
                m,
                presenters.status_for(m, values.of(m.id), targets.get(m.id, []), annual.get(m.id, {})),
                values.of(m.id),
                values.provenances_of(m.id),
            )
            for m in measures
        ]
        context = {"rows": rows, "illustrative": any(r.illustrative for r in rows)}
        return render_to_string("performance/scorecard.html", context, request)

    return cached_page(request, "measures", render)


def measure_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One measure: trend chart with target, tolerance, benchmarks and events; definition; data."""

    def render() -> str:
        measure = selectors.measure_by_code(code)
        if measure is None:
            raise Http404("No such measure")
        values = selectors.approved_values([measure.id])
        series = values.of(measure.id)
        targets = selectors.targets_by_measure([measure.id]).get(measure.id, [])
        annual = selectors.annual_figures([measure.id]).get(measure.id, {})
        illustrative = presenters.is_illustrative(values.provenances_of(measure.id))
        status = presenters.status_for(measure, series, targets, annual)
        events = []
        if series:
            found = improvement_selectors.events_between(series[0].period, series[-1].period)
            events = [EventMark(e.date, i, f"{e.display_date}: {e.title}") for i, e in enumerate(found, 1)]
        context = {
            "measure": measure,
            "latest": presenters.scorecard_row(measure, status, series, set()),
            "chart": presenters.trend_chart(measure, series, targets, annual, status, events, illustrative),
            "annual_table": presenters.annual_table(measure, annual, standings_by_year(measure)),
            "annual_sources": selectors.annual_sources(measure.id),
            "events": events,
            "illustrative": illustrative,
            "targets_illustrative": any(presenters.is_illustrative({t.provenance}) for t in targets),
        }
        return render_to_string("performance/measure_detail.html", context, request)

    return cached_page(request, f"measure:{code}", render)
