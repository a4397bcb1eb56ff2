// name: partnership-timeline
// description: Partnerships per year (undated ones last), optionally only those of one organisation.
// param: org: entity = "" — only partnerships of this organisation (empty: all)
// mode: read
// LadybugDB: one scan groups every partnership by year (columnar, fast); the canonical
// index-and-count-store branches do not apply.
// Two branches, one empty for a given $org: the organisation's branch starts at the Key
// index (a lookup); a `$org = '' OR ...` filter would read every partnership.
MATCH ()-[e:PARTNERS_WITH]->()
WHERE $org = ''
RETURN e.year AS year, count(e) AS partnerships
ORDER BY year
UNION ALL
MATCH (:Key {key: $org})-[:KEY_OF]->(a)-[e:PARTNERS_WITH]-()
WITH DISTINCT e
RETURN e.year AS year, count(e) AS partnerships
ORDER BY year
