"""GX 1.x suites: derived from each table's declared schema, plus hand-written semantic rules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import great_expectations as gx
import great_expectations.expectations as gxe
import pycountry
from great_expectations.expectations.expectation import Expectation

from warehouse.schemas import QUARANTINE_REASONS, TableSpec

# Phrases that only appear in boilerplate; a body containing one was not cleaned.
BOILERPLATE_PATTERNS = [
    r"(?i)sign up for our (?:free )?(?:weekly |daily )?newsletter",
    r"(?i)subscribers agree to the privacy policy",
    r"(?i)remind me later",
    r"(?i)if you can, please support us",
    r"(?i)a message from the [\w ]+:\s",
]
MIN_BODY_CHARS = 200
MAX_BODY_CHARS = 500_000
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)


def _row(expectation: Expectation, reason: str) -> Expectation:
    """Mark an expectation as row-level: its failing rows are quarantined with `reason`."""
    assert reason in QUARANTINE_REASONS, reason
    expectation.meta = {**(expectation.meta or {}), "reason": reason}
    return expectation


def schema_expectations(spec: TableSpec, *, unique_keys: bool = True) -> list[Expectation]:
    """Expectations every table gets from its schema: columns, keys, nulls, closed sets."""
    out: list[Expectation] = [gxe.ExpectTableColumnsToMatchOrderedList(column_list=spec.columns)]
    if unique_keys:
        out += [gxe.ExpectColumnValuesToBeUnique(column=k) for k in spec.primary_key]
    for name in spec.required:
        if name in spec.primary_key:
            out.append(gxe.ExpectColumnValuesToNotBeNull(column=name))
        else:
            reason = "missing_title" if name == "title" else "invalid_value"
            out.append(_row(gxe.ExpectColumnValuesToNotBeNull(column=name), reason))
    for name, values in spec.allowed().items():
        out.append(_row(gxe.ExpectColumnValuesToBeInSet(column=name, value_set=values), "invalid_value"))
    return out


def _articles_extra(now: datetime) -> list[Expectation]:
    return [
        _row(
            gxe.ExpectColumnValueLengthsToBeBetween(column="text", min_value=MIN_BODY_CHARS),
            "short_body",
        ),
        _row(
            gxe.ExpectColumnValueLengthsToBeBetween(column="text", max_value=MAX_BODY_CHARS),
            "invalid_value",
        ),
        _row(
            gxe.ExpectColumnValueLengthsToBeBetween(column="title", min_value=3, max_value=500),
            "missing_title",
        ),
        _row(
            gxe.ExpectColumnValuesToBeBetween(column="published_at", max_value=now + timedelta(days=1)),
            "date_in_future",
        ),
        _row(
            gxe.ExpectColumnValuesToBeBetween(column="published_at", min_value=EARLIEST),
            "date_too_old",
        ),
        _row(
            gxe.ExpectColumnValuesToNotMatchRegexList(column="text", regex_list=BOILERPLATE_PATTERNS),
            "boilerplate_in_body",
        ),
    ]


# ISO 3166-1 alpha-3 codes that exist, not just three capital letters; plus XKX, the user-assigned
# code for Kosovo that the EU, IMF and our gazetteer use, and the ISO 3166-3 codes of ended states
# that older reports name (Soviet Union, East Germany, Yugoslavia, Czechoslovakia).
ISO3 = sorted({c.alpha_3 for c in pycountry.countries} | {"XKX", "SUN", "DDR", "YUG", "CSK"})


def _flag_rows(condition: str, reason: str) -> Expectation:
    """A row rule for a condition between columns: every row matching the pandas query fails."""
    return _row(
        gxe.ExpectColumnValuesToBeNull(column="visit_id", row_condition=condition, condition_parser="pandas"),
        reason,
    )


def _visits_extra(now: datetime) -> list[Expectation]:
    return [
        _row(gxe.ExpectColumnValuesToBeInSet(column="host_country", value_set=ISO3), "invalid_value"),
        _row(gxe.ExpectColumnValuesToBeInSet(column="visitor_country", value_set=ISO3), "invalid_value"),
        # A country does not visit itself: a leader touring at home is not an official visit.
        _flag_rows("visitor_country == host_country", "domestic_visit"),
        # A visit reported as having happened cannot happen after the report.
        _flag_rows('status == "occurred" and event_date > published_at.dt.date', "event_after_publication"),
        _row(
            gxe.ExpectColumnValuesToBeBetween(column="confidence", min_value=0, max_value=1),
            "invalid_value",
        ),
        _row(
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="char_end", column_B="char_start", or_equal=False
            ),
            "invalid_value",
        ),
    ]


def _events_extra(now: datetime) -> list[Expectation]:
    return [
        gxe.ExpectColumnValuesToBeInSet(column="host_country", value_set=ISO3),
        gxe.ExpectColumnValuesToBeInSet(column="visitor_country", value_set=ISO3),
        gxe.ExpectColumnValuesToBeBetween(column="mention_count", min_value=1),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="mention_count", column_B="source_count", or_equal=True
        ),
    ]


EXTRA: dict[str, Callable[[datetime], list[Expectation]]] = {
    "articles": _articles_extra,
    "visits": _visits_extra,
    "visit_events": _events_extra,
}


def suite_for(
    spec: TableSpec, *, now: datetime | None = None, unique_keys: bool = True
) -> gx.ExpectationSuite:
    """The suite for one table: schema-derived expectations plus EXTRA[table]."""
    now = now or datetime.now(UTC)
    extra = EXTRA[spec.name](now) if spec.name in EXTRA else []
    expectations = schema_expectations(spec, unique_keys=unique_keys) + extra
    # Before dedupe keys may repeat; that suite is a different one and is named apart in Data Docs.
    name = spec.name if unique_keys else f"{spec.name}_before_dedupe"
    return gx.ExpectationSuite(name=name, expectations=expectations)
