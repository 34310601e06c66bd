"""Reading one cell of an officer's file: a month, or a number, strictly.

``parse_month`` takes the months officers write (Apr-16, April 2016, 2016-04, 01/04/2016, date
cells, Excel serial days). ``parse_number`` reads a number strictly: a decimal comma where the
file is European (semicolon-separated) or where the comma cannot be a thousands separator
(``14,58``), thousands separators only in groups of three, and no currency signs, inner spaces
or stray text.
"""

from __future__ import annotations

import datetime as dt
import functools
import re


def parse_month(raw: object) -> dt.date | None:
    """Return the first of the month ``raw`` names; raise ValueError if it names none.

    Takes date and datetime cells, Excel serial day numbers, ``Apr-16``, ``Apr 2016``,
    ``April 2016``, ``2016-04``, ``2016-04-01`` and UK ``01/04/2016``.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, dt.datetime | dt.date):
        return dt.date(raw.year, raw.month, 1)
    return _parse_month_text(str(raw).strip())


ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")


@functools.lru_cache(maxsize=4096)
def _parse_month_text(text: str) -> dt.date:
    """Parse one month's text (cached: a file names the same few months on many rows)."""
    iso = ISO_MONTH.fullmatch(text)
    if iso:
        year, month, day = int(iso[1]), int(iso[2]), int(iso[3] or 1)
        try:
            return dt.date(year, month, day).replace(day=1)
        except ValueError:
            raise ValueError(f"“{text}” is not a month; write it as Apr-16, April 2016 or 2016-04.") from None
    if re.fullmatch(r"\d{5}(\.0+)?", text):  # an Excel serial day number
        day = dt.date(1899, 12, 30) + dt.timedelta(days=int(float(text)))
        return day.replace(day=1)
    for pattern in ("%b-%y", "%b %y", "%b-%Y", "%b %Y", "%B %Y", "%B-%Y", "%B-%y", "%Y-%m", "%Y/%m"):
        try:
            return dt.datetime.strptime(text, pattern).replace(tzinfo=dt.UTC).date().replace(day=1)
        except ValueError:
            pass
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, pattern).replace(tzinfo=dt.UTC).date().replace(day=1)
        except ValueError:
            pass
    raise ValueError(f"“{text}” is not a month; write it as Apr-16, April 2016 or 2016-04.")


CURRENCY = re.compile(r"[£$€¥₹]|\b(GBP|EUR|USD)\b", re.IGNORECASE)
PLAIN = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
COMMA_THOUSANDS = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?")
DOT_THOUSANDS = re.compile(r"[-+]?\d{1,3}(\.\d{3})+(,\d+)?")
DECIMAL_COMMA = re.compile(r"[-+]?\d+,\d+")
SPACES = re.compile(r"[\s\u00a0\u2009\u202f]")


def parse_number(raw: object, *, decimal_comma: bool = False) -> str | None:
    """Return ``raw`` as a plain number string (``1,234`` -> ``1234``, ``14,58`` -> ``14.58``), or None.

    ``decimal_comma``: the file is European, so ``1,234`` is 1.234 (and ``1.234``, which could be
    either, is refused). A trailing ``%`` is kept (``45%``): whether it may be there depends on
    the measure, which the resource checks. Raises ValueError, saying what is wrong, for a
    currency sign, a space inside the number, separators in the wrong places or text.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(f"“{raw}” is not a number.")
    if isinstance(raw, int | float):
        return repr(raw) if isinstance(raw, float) else str(raw)
    shown = str(raw).strip()
    text = SPACES.sub(" ", str(raw)).strip()
    if not text:
        return None
    if CURRENCY.search(text):
        raise ValueError(f"“{shown}” has a currency sign; give the number alone.")
    percent = text.endswith("%")
    body = text[:-1].rstrip() if percent else text
    if SPACES.search(body):
        raise ValueError(f"“{shown}” has a space inside it; give the number without spaces.")
    number = _plain_number(body, shown, decimal_comma=decimal_comma)
    return f"{number}%" if percent else number


def _plain_number(body: str, shown: str, *, decimal_comma: bool) -> str:
    if PLAIN.fullmatch(body) and not (decimal_comma and DOT_THOUSANDS.fullmatch(body)):
        return body
    if decimal_comma and DOT_THOUSANDS.fullmatch(body) and "," not in body:
        raise ValueError(
            f"“{shown}” could be {body.replace('.', '')} or {body} in a semicolon-separated file; "
            "give it without a thousands separator."
        )
    if DECIMAL_COMMA.fullmatch(body) and (decimal_comma or not COMMA_THOUSANDS.fullmatch(body)):
        return body.replace(",", ".")  # 14,58: a decimal comma (it cannot be thousands)
    if COMMA_THOUSANDS.fullmatch(body):
        return body.replace(",", "")
    if DOT_THOUSANDS.fullmatch(body):
        return body.replace(".", "").replace(",", ".")  # 1.234,5: European thousands and decimals
    if re.fullmatch(r"[-+]?[\d.,]+", body):
        raise ValueError(
            f"“{shown}” has separators in the wrong places; a thousands separator comes every three "
            "digits (1,234,567) and a number has one decimal point."
        )
    raise ValueError(f"“{shown}” is not a number.")
