// name: partnership-timeline
// description: Partnerships per year (undated ones last), optionally only those of one organisation.
// param: org: entity = "" — only partnerships of this organisation (empty: all)
// mode: read
MATCH (a)-[e:PARTNERS_WITH]->(b)
WHERE $org = '' OR $org IN a.search_keys OR $org IN b.search_keys
RETURN e.year AS year, count(e) AS partnerships
ORDER BY year
