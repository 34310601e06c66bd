"""Write fixtures/options.json: the December 2013 options appraisal (Appendix D of the 2016 report).

Appendix D is not public. The report gives only the five options and their totals (46, 57, 64,
74, 82), so the criteria, weights, scores and acceptability ranks here are a reconstruction,
marked illustrative. For each option this script searches every integer score vector (1..5 on
each of the eight criteria) for the one whose weighted sum equals the published total exactly
and which lies closest to a plausible profile for that option, then checks a few plausibility
rules. Run from the project root:

    .venv/bin/python tools/build_options_fixture.py

It prints the score matrix and rewrites the fixture; re-running gives the same file.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "fixtures" / "options.json"
APPRAISAL_PK = 1
MAX_SCORE = 5
RECONSTRUCTED = (
    "Reconstructed for illustration: Appendix D of the 2016 Council report, which holds the real "
    "criteria and weights, is not public."
)

# (code, name, weight, what it asks)
CRITERIA: list[tuple[str, str, int, str]] = [
    (
        "pace",
        "Pace of improvement for children",
        3,
        "How quickly the option would improve social work practice and children's experiences.",
    ),
    (
        "sustainability",
        "Sustainability of improvement",
        3,
        "Whether improvement would last, given the council's history of gains that were not sustained.",
    ),
    (
        "accountability",
        "Clarity of accountability and governance",
        3,
        "How clear the lines of accountability for children's safety would be, and to whom.",
    ),
    (
        "workforce",
        "Ability to recruit and retain social workers",
        3,
        "Whether the option would help attract and keep social workers: pay, conditions, management.",
    ),
    (
        "partnership",
        "Partnership working",
        2,
        "How well the option would work with police, health, schools and the Safeguarding Board.",
    ),
    (
        "finance",
        "Financial risk and cost",
        2,
        "The cost of change and the financial risk to the council (a higher score is a lower risk).",
    ),
    (
        "deliverability",
        "Deliverability and legal complexity",
        2,
        "How readily the option could be delivered under the law and precedent of December 2013.",
    ),
    (
        "clean-break",
        "A clean break with the past",
        2,
        "How far the option would break with the culture and history of failure (Le Grand's 'clean break').",
    ),
]

# (code, name, published total, acceptability rank, description)
OPTIONS: list[tuple[str, str, int, int, str]] = [
    (
        "break-up-birmingham",
        "Break Up Birmingham",
        46,
        5,
        "One of the five scenarios the council appraised for the Le Grand review in December 2013. "
        "The 2016 report gives only its name and its total score (46), the lowest of the five.",
    ),
    (
        "outsource-private-sector",
        "Outsource to the private sector",
        57,
        4,
        "Scored 57 in the December 2013 appraisal. The 2016 report notes that the law has since been "
        "changed to explicitly prohibit a private sector provider, so this option is no longer open.",
    ),
    (
        "trust-dfe",
        "Trust model with accountability to the DfE",
        64,
        3,
        "Scored 64. Le Grand commented on the favourable score the council gave to the trust options: "
        '"we do consider that this option has potential in the longer run for helping to resolve '
        "Birmingham's difficulties\" (Le Grand p23). Since then councils have completed moves into trust "
        "arrangements, reducing some of the legal complexity, though it is too recent to show whether "
        "trusts are an effective improvement intervention.",
    ),
    (
        "trust-bcc",
        "Trust model with accountability to BCC",
        74,
        2,
        "Scored 74, the higher of the two trust options. Le Grand saw potential in the trust option in the "
        "longer run and asked that the capacity barriers, in provision and commissioning, be explored. "
        "In 2016 the council resolved to explore and develop a voluntary trust arrangement for "
        "children's services.",
    ),
    (
        "integrated-transformation",
        "Integrated Transformation",
        82,
        1,
        "Scored 82, the highest of the five options in the December 2013 appraisal.",
    ),
]

# A plausible profile for each option, in criterion order. The search returns the exact-total vector
# closest to it, so a profile that already reproduces the published total is returned unchanged;
# edit a profile and the search finds the nearest vector that still reproduces the total.
PROFILES: dict[str, tuple[float, ...]] = {
    "break-up-birmingham": (2, 2, 2, 2, 2, 2, 2, 4),
    "outsource-private-sector": (3, 3, 1, 4, 2, 3, 2, 5),
    "trust-dfe": (3, 4, 3, 4, 2, 2, 2, 5),
    "trust-bcc": (3, 4, 4, 5, 3, 3, 3, 4),
    "integrated-transformation": (5, 4, 5, 3, 5, 4, 5, 1),
}

# Why each option scores as it does on each criterion, in criterion order.
REASONS: dict[str, tuple[str, ...]] = {
    "break-up-birmingham": (
        "dividing the service would disrupt teams and slow improvement for children",
        "new smaller services would have to rebuild their own systems before gains could last",
        "accountability would be split between several new bodies",
        "uncertainty over employers would unsettle a workforce already short of social workers",
        "partners working city-wide would face several children's services instead of one",
        "setting up several services would duplicate overheads at high cost",
        "breaking up a statutory service of this size had no precedent and much legal work",
        "new organisations would mark a visible break with the old department",
    ),
    "outsource-private-sector": (
        "procurement and transfer would take time before practice improved",
        "improvement would depend on the contract and the provider's continued interest",
        "the council would keep its statutory duty while a private provider ran the service",
        "a provider free to set its own pay and conditions could attract social workers",
        "partners would deal with a contractor rather than the council",
        "a contract would fix costs, but the risk of provider failure would fall back on the council",
        "there was no market of capable providers and the legal route was untested",
        "a new provider would make a complete break with the old service",
    ),
    "trust-dfe": (
        "setting up a trust would take time, though it would focus on practice",
        "an independent trust focused only on children's services could sustain improvement",
        "accountability to the DfE would be clear but distant from the council and the city",
        "a new employer with its own terms could attract and keep social workers",
        "partners would need new links with a trust answering to the DfE",
        "the council would fund the service without controlling it, with costs of transition",
        "an imposed trust had few precedents in 2013 and needed DfE direction",
        "a trust outside the council would give the clean break Le Grand described",
    ),
    "trust-bcc": (
        "a council-owned trust could keep momentum while the new body was set up",
        "ownership by the council would keep corporate priority while the trust focused on delivery",
        "the trust would be accountable to the council as an intelligent commissioner",
        "a well-managed trust matching or bettering council terms could attract and keep social workers",
        "partners would need new links with a new body, though the council's partnerships would carry over",
        "transition costs would be moderate and stay under the council's control",
        "a voluntary trust needed legal work but fewer approvals than an imposed one",
        "a new organisation would make a break, with some continuity through the council",
    ),
    "integrated-transformation": (
        "improvement could start at once within the existing service and improvement plan",
        "lasting change would depend on keeping corporate focus, as past gains had faded",
        "accountability would stay with the council's statutory officers and members",
        "investment in posts could help recruitment, though pay and conditions would stay on council terms",
        "existing partnerships, such as the Strategic Leaders Forum, would continue and grow",
        "change within the council would cost least and carry least transition risk",
        "no change of organisation or legal form would be needed",
        "the service would stay in the council and carry the weight of its history",
    ),
}


def best_scores(total: int, weights: list[int], profile: tuple[float, ...]) -> tuple[int, ...]:
    """Return the 1..MAX_SCORE vector with sum(weight * score) == total closest to the profile."""
    best: tuple[float, tuple[int, ...]] | None = None
    for scores in itertools.product(range(1, MAX_SCORE + 1), repeat=len(weights)):
        if sum(w * s for w, s in zip(weights, scores, strict=True)) != total:
            continue
        distance = sum((s - p) ** 2 for s, p in zip(scores, profile, strict=True))
        if best is None or (distance, scores) < best:
            best = (distance, scores)
    if best is None:
        raise SystemExit(f"no score vector reaches {total}")
    return best[1]


def check_plausible(matrix: dict[str, tuple[int, ...]]) -> None:
    """Fail loudly if the scores contradict the story the report tells about the options."""
    column = {code: i for i, (code, *_rest) in enumerate(CRITERIA)}
    integrated = matrix["integrated-transformation"]
    outsource = matrix["outsource-private-sector"]
    trusts = (matrix["trust-dfe"], matrix["trust-bcc"])
    assert integrated[column["pace"]] >= 4
    assert integrated[column["partnership"]] >= 4
    assert outsource[column["accountability"]] <= 2
    assert all(t[column["clean-break"]] >= 4 and t[column["workforce"]] >= 4 for t in trusts)
    assert integrated[column["clean-break"]] <= 2


def build() -> list[dict]:
    """Return the fixture's records, with explicit primary keys."""
    weights = [weight for _code, _name, weight, _text in CRITERIA]
    assert sum(weights) == 20
    assert set(weights) <= {2, 3}
    matrix = {
        code: best_scores(total, weights, PROFILES[code]) for code, _name, total, _rank, _text in OPTIONS
    }
    check_plausible(matrix)

    records: list[dict] = [
        {
            "model": "options.appraisal",
            "pk": APPRAISAL_PK,
            "fields": {
                "code": "le-grand-2013",
                "title": "Options Appraisal \N{EN DASH} Transforming Children's Services",
                "date": "2013-12-01",
                "description": (
                    "The options appraisal covering five scenarios that the council was asked to submit to "
                    "Professor Julian Le Grand's review (December 2013). The options were assessed against a "
                    "range of criteria and scored, and their acceptability was ranked. The 2016 report "
                    "publishes only the five options and their totals; the criteria, weights, scores and "
                    "acceptability ranks here are reconstructed (illustrative) so that the weighted sums "
                    "reproduce the published totals exactly. No option is recorded as chosen: Le Grand "
                    "recommended a Commissioner, and in 2016 the council resolved to explore and develop a "
                    "voluntary trust arrangement without choosing one of these five."
                ),
                "max_score": MAX_SCORE,
                "source": "Council report 2016, section 5 and Appendix D (Appendix D not public)",
                "chosen_option": None,
            },
        }
    ]
    for order, (code, name, weight, text) in enumerate(CRITERIA, start=1):
        records.append(
            {
                "model": "options.criterion",
                "pk": order,
                "fields": {
                    "appraisal": APPRAISAL_PK,
                    "code": code,
                    "name": name,
                    "description": f"{text} {RECONSTRUCTED}",
                    "weight": f"{weight}.00",
                    "order": order,
                    "provenance": "illustrative",
                },
            }
        )
    score_pk = 0
    for order, (code, name, total, rank, text) in enumerate(OPTIONS, start=1):
        records.append(
            {
                "model": "options.option",
                "pk": order,
                "fields": {
                    "appraisal": APPRAISAL_PK,
                    "code": code,
                    "name": name,
                    "description": text,
                    "order": order,
                    "published_total": total,
                    "acceptability_rank": rank,
                    "acceptability_provenance": "illustrative",
                },
            }
        )
        scored = zip(matrix[code], REASONS[code], strict=True)
        for criterion_pk, (score, reason) in enumerate(scored, start=1):
            score_pk += 1
            records.append(
                {
                    "model": "options.score",
                    "pk": score_pk,
                    "fields": {
                        "option": order,
                        "criterion": criterion_pk,
                        "score": f"{score}.00",
                        "rationale": f"Reconstructed score ({score}/{MAX_SCORE}): {reason}.",
                        "provenance": "illustrative",
                    },
                }
            )
    print_matrix(matrix, weights)
    return records


def print_matrix(matrix: dict[str, tuple[int, ...]], weights: list[int]) -> None:
    """Print the score matrix with each option's weighted total."""
    header = " ".join(f"{code[:8]:>8}" for code, *_rest in CRITERIA)
    print(f"{'option':<27} {header}  total")
    print(f"{'(weight)':<27} " + " ".join(f"{w:>8}" for w in weights))
    for code, scores in matrix.items():
        total = sum(w * s for w, s in zip(weights, scores, strict=True))
        print(f"{code:<27} " + " ".join(f"{s:>8}" for s in scores) + f"  {total:>5}")


def main() -> None:
    OUTPUT.write_text(json.dumps(build(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
