-- "Russian delegation visits per country": the product's headline question.
-- Example: SELECT host_name, visits FROM visits_per_country LIMIT 10
CREATE OR REPLACE VIEW visits_per_country AS
SELECT host_country, host_name, visits, mentions, first_date, last_date
FROM visits_by_country('RUS')
WHERE visits > 0
ORDER BY visits DESC, host_country;
