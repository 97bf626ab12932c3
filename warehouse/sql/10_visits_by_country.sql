-- Visits counted once per event, per host country, for one visitor country (ISO 3166 alpha-3),
-- optionally limited to visits starting between from_date and to_date (NULL: open-ended) and to
-- events whose confidence is at least min_confidence.
-- Only visits that happened (occurred or ongoing) count; planned and cancelled ones are listed apart.
-- Example: SELECT * FROM visits_by_country('RUS')
-- Example: SELECT * FROM visits_by_country('RUS', from_date := DATE '2025-01-01', to_date := DATE '2025-12-31', min_confidence := 0.5)
CREATE OR REPLACE MACRO visits_by_country(
    visitor, from_date := NULL, to_date := NULL, min_confidence := 0
) AS TABLE
WITH events AS (
    SELECT *
    FROM visit_events
    WHERE
        visitor_country = visitor
        AND (from_date IS NULL OR start_date >= CAST(from_date AS DATE))
        AND (to_date IS NULL OR start_date <= CAST(to_date AS DATE))
        AND confidence >= min_confidence
),

final AS (
    SELECT
        e.host_country,
        c.name AS host_name,
        count(*) FILTER (WHERE e.status IN ('occurred', 'ongoing')) AS visits,
        CAST(sum(e.mention_count) FILTER (WHERE e.status IN ('occurred', 'ongoing')) AS BIGINT) AS mentions,
        min(e.start_date) FILTER (WHERE e.status IN ('occurred', 'ongoing')) AS first_date,
        max(coalesce(e.end_date, e.start_date)) FILTER (WHERE e.status IN ('occurred', 'ongoing')) AS last_date,
        count(*) FILTER (WHERE e.status = 'planned') AS planned,
        count(*) FILTER (WHERE e.status = 'cancelled') AS cancelled
    FROM events AS e
    LEFT JOIN countries AS c ON c.iso3 = e.host_country
    GROUP BY e.host_country, c.name
)

SELECT * FROM final
ORDER BY visits DESC, host_country;
