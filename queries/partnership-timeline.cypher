// name: partnership-timeline
// description: Partnerships per year (undated ones last), optionally only those of one organisation.
// param: org: entity = "" — only partnerships of this organisation (empty: all)
// mode: read
// Two branches, one empty for a given $org. Every partnership: dated ones counted from the
// year index, undated ones as the total (Neo4j's count store) minus the dated; the first
// branch starts from a list that is empty when $org is set (a `$org = ''` filter would make
// the planner scan every node). The organisation's branch starts at the Key index.
MATCH ()-[every:PARTNERS_WITH]->()
WITH count(every) AS total
UNWIND CASE WHEN $org = '' THEN [total] ELSE [] END AS all_partnerships
OPTIONAL MATCH ()-[e:PARTNERS_WITH]->()
WHERE e.year IS NOT NULL
WITH all_partnerships, e.year AS year, count(e) AS partnerships
WITH all_partnerships, collect({year: year, partnerships: partnerships}) AS dated
UNWIND dated + [{year: null,
                 partnerships: all_partnerships - reduce(n = 0, d IN dated | n + d.partnerships)}] AS row
WITH row WHERE row.partnerships > 0
RETURN row.year AS year, row.partnerships AS partnerships
ORDER BY year
UNION ALL
MATCH (:Key {key: $org})-[:KEY_OF]->(a)-[e:PARTNERS_WITH]-()
WITH DISTINCT e
RETURN e.year AS year, count(e) AS partnerships
ORDER BY year
