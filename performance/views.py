"""Public performance pages: the scorecard and a page per measure."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string

from core.cache import cached_page
from improvement import selectors as improvement_selectors
from performance import presenters, selectors, spc_presenters, spc_selectors
from performance.analysis import Point
from performance.benchmarks import standings_by_year
from performance.charts import EventMark
from performance.commentary_services import commentary_for


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


def measure_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One measure: trend chart with SPC limits and signals, target, tolerance, benchmarks and
    events; variation and assurance; commentary; the actions meant to move it; definition; data."""

    def render() -> str:
        measure = selectors.measure_by_code(code)
        if measure is None:
            raise Http404("No such measure")
        targets = selectors.targets_by_measure([measure.id]).get(measure.id, [])
        annual = selectors.annual_figures([measure.id]).get(measure.id, {})
        bundle = spc_selectors.measure_spc(measure, targets=targets, england=annual.get("england", {}))
        spc, series = bundle.spc, [Point(o.period, o.value) for o in bundle.series.observations]
        illustrative = bundle.series.illustrative
        status = presenters.status_for(measure, series, targets, annual)
        events = []
        commentary = None
        if series:
            found = improvement_selectors.events_between(series[0].period, series[-1].period)
            events = [EventMark(e.date, i, f"{e.display_date}: {e.title}") for i, e in enumerate(found, 1)]
            commentary = commentary_for(measure=measure, period=series[-1].period, facts=bundle.facts)
        fmt = presenters.value_formatter(measure)
        thread = [
            spc_presenters.thread_row(
                action.code, action.title, presenters.month_label(action.completed_on), result, fmt
            )
            for action, result in bundle.thread
        ]
        context = {
            "measure": measure,
            "latest": presenters.scorecard_row(measure, status, series, set(), spc),
            "chart": presenters.trend_chart(
                measure, series, targets, annual, status, events, illustrative, spc
            ),
            "annual_table": presenters.annual_table(measure, annual, standings_by_year(measure)),
            "annual_sources": selectors.annual_sources(measure.id),
            "events": events,
            "illustrative": illustrative,
            "targets_illustrative": any(presenters.is_illustrative({t.provenance}) for t in targets),
            "spc": spc,
            "limits_basis": spc_presenters.limits_basis(
                spc, spc_selectors.PERIOD_WORD.get(measure.frequency, "month")
            ),
            "commentary": spc_presenters.commentary_lines(commentary.sentences) if commentary else [],
            "commentary_status": spc_presenters.COMMENTARY_STATUS.get(commentary.status, "")
            if commentary
            else "",
            "thread": thread,
        }
        return render_to_string("performance/measure_detail.html", context, request)

    return cached_page(request, f"measure:{code}", render)
