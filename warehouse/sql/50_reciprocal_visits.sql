-- Pairs of countries that visited each other: visits each way and the span they cover.
-- Each pair is listed once, the alphabetically first country as country_a.
-- Example: SELECT * FROM reciprocal_visits WHERE 'RUS' IN (country_a, country_b)
CREATE OR REPLACE VIEW reciprocal_visits AS
WITH legs AS (
    SELECT
        visitor_country AS visitor,
        host_country AS host,
        count(*) AS visits,
        min(start_date) AS first_date,
        max(coalesce(end_date, start_date)) AS last_date
    FROM visit_events
    WHERE status IN ('occurred', 'ongoing') AND visitor_country IS NOT NULL
    GROUP BY visitor_country, host_country
)

SELECT
    a.visitor AS country_a,
    a.host AS country_b,
    a.visits AS a_to_b,
    b.visits AS b_to_a,
    least(a.first_date, b.first_date) AS first_date,
    greatest(a.last_date, b.last_date) AS last_date
FROM legs AS a
INNER JOIN legs AS b ON a.visitor = b.host AND a.host = b.visitor
WHERE a.visitor < a.host
ORDER BY a_to_b + b_to_a DESC, country_a, country_b;
