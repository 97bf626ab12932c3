"""docs/tables.md, generated from the declared schemas."""

from __future__ import annotations

from warehouse.catalog import analyst_views, duckdb_type
from warehouse.schemas import TABLES


def tables_markdown() -> str:
    """Markdown documenting every table and column."""
    lines = [
        "# Tables",
        "",
        "Generated from `warehouse/schemas.py` by `python -m warehouse.docs`; do not edit by hand.",
        "Each table is a Delta Lake table under `<data>/warehouse/<table>/` (plain Parquet files plus",
        "`_delta_log/`), and a view of the same name in `<data>/warehouse/newsetl.duckdb`.",
        "",
    ]
    for spec in TABLES.values():
        lines += [f"## `{spec.name}` ({spec.layer})", "", spec.description, ""]
        if spec.primary_key:
            lines += [f"Primary key: `{', '.join(spec.primary_key)}`.", ""]
        lines += ["| column | type | null | meaning |", "|---|---|---|---|"]
        allowed = spec.allowed()
        for f in spec.schema:
            meaning = spec.description_of(f.name)
            if f.name in allowed:
                meaning += " One of: " + ", ".join(f"`{v}`" for v in allowed[f.name]) + "."
            null = "yes" if f.nullable else "no"
            lines.append(f"| `{f.name}` | {duckdb_type(f.type)} | {null} | {meaning} |")
        lines.append("")
    lines += ["# Analyst views", ""]
    lines += [
        "In `main` of the catalog, beside the tables (which also sit in one schema per layer:",
        "`bronze.pages`, `silver.articles`, `gold.visit_events`, ...). Every example below runs in",
        "`newsetl sql` and is checked against the demo warehouse by the tests.",
        "",
    ]
    for view in analyst_views():
        kind = "table macro" if view.kind == "MACRO" else "view"
        lines += [f"## `{view.name}` ({kind})", "", view.about, ""]
        for example in view.examples:
            lines += ["```sh", f'newsetl sql "{example}"', "```", ""]
        lines += [
            "<details><summary>definition</summary>",
            "",
            "```sql",
            view.sql.strip(),
            "```",
            "",
            "</details>",
            "",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    from pathlib import Path

    out = Path(__file__).resolve().parents[1] / "docs" / "tables.md"
    out.write_text(tables_markdown(), encoding="utf-8")
    print(f"wrote {out}")
