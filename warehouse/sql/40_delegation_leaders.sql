-- Who led the delegations: visits that happened per visitor country and delegation head,
-- with the head's most reported title, the host countries and the first and last visit.
-- Example: SELECT leader_name, leader_title, visits, hosts FROM delegation_leaders WHERE visitor_country = 'RUS'
CREATE OR REPLACE VIEW delegation_leaders AS
SELECT
    visitor_country,
    leader_name,
    mode(leader_title) AS leader_title,
    count(*) AS visits,
    count(DISTINCT host_country) AS countries,
    list(DISTINCT host_country ORDER BY host_country) AS hosts,
    min(start_date) AS first_date,
    max(coalesce(end_date, start_date)) AS last_date
FROM visit_events
WHERE
    status IN ('occurred', 'ongoing')
    AND leader_name IS NOT NULL
    AND visitor_country IS NOT NULL
GROUP BY visitor_country, leader_name
ORDER BY visits DESC, visitor_country, leader_name;
