"""Reference data derived from maintained packages."""

from __future__ import annotations

import pandas as pd
import pycountry

from warehouse.schemas import COUNTRIES


def countries_frame() -> pd.DataFrame:
    """ISO 3166 countries with the names people use (common name where pycountry has one)."""
    rows = [
        {"iso3": c.alpha_3, "iso2": c.alpha_2, "name": getattr(c, "common_name", None) or c.name}
        for c in pycountry.countries
    ]
    return pd.DataFrame(rows, columns=COUNTRIES.columns)
