-- Visits that happened, per month of their start, visitor and host: the series behind a timeline chart.
-- Events without a known start date or with an organisation as visitor are left out.
-- Example: SELECT month, sum(visits) AS visits FROM visits_timeline WHERE visitor_country = 'RUS' GROUP BY month ORDER BY month
CREATE OR REPLACE VIEW visits_timeline AS
SELECT
    CAST(date_trunc('month', e.start_date) AS DATE) AS month,
    e.visitor_country,
    e.host_country,
    c.name AS host_name,
    count(*) AS visits,
    CAST(sum(e.mention_count) AS BIGINT) AS mentions  -- not HUGEINT: float64 in pandas, Decimal in polars
FROM visit_events AS e
LEFT JOIN countries AS c ON c.iso3 = e.host_country
WHERE
    e.status IN ('occurred', 'ongoing')
    AND e.start_date IS NOT NULL
    AND e.visitor_country IS NOT NULL
GROUP BY ALL
ORDER BY month, e.visitor_country, e.host_country;
