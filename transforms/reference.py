"""Reference data derived from maintained packages."""

from __future__ import annotations

import pandas as pd
import pycountry

from warehouse.schemas import COUNTRIES

HISTORIC_NAMES = {
    "SUN": "Soviet Union",
    "DDR": "East Germany",
    "YUG": "Yugoslavia",
    "CSK": "Czechoslovakia",
}


def countries_frame() -> pd.DataFrame:
    """ISO 3166 countries with the names people use (common name where pycountry has one)."""
    rows = [
        {"iso3": c.alpha_3, "iso2": c.alpha_2, "name": getattr(c, "common_name", None) or c.name}
        for c in pycountry.countries
    ]
    # States that have ended still appear in older reports (SUN, DDR, YUG, CSK).
    rows += [
        {"iso3": c.alpha_3, "iso2": c.alpha_2, "name": HISTORIC_NAMES.get(c.alpha_3, c.name)}
        for c in pycountry.historic_countries
        if c.alpha_3 in HISTORIC_NAMES
    ]
    return pd.DataFrame(rows, columns=COUNTRIES.columns)
