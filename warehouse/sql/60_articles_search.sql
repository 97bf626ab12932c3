-- Articles whose title or text contains a term (case-insensitive, taken literally: no wildcards),
-- newest first, with a snippet around the first match in the text.
-- Example: SELECT published_at, source, title, snippet FROM articles_search('Niger')
CREATE OR REPLACE MACRO articles_search(term) AS TABLE
SELECT
    article_id,
    published_at,
    source,
    title,
    url,
    CASE
        WHEN strpos(lower(text), lower(term)) > 0
            THEN substr(text, greatest(1, strpos(lower(text), lower(term)) - 80), 240)
    END AS snippet
FROM articles
WHERE contains(lower(title), lower(term)) OR contains(lower(text), lower(term))
ORDER BY published_at DESC NULLS LAST, article_id;
