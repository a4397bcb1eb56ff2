// name: partners-of-partners
// description: Organisations two partnerships away that are not yet partners, ranked by how many partners they share: leads for introductions.
// param: org: entity — the organisation
// param: limit: int = 20 — most rows returned
// mode: read
// python: graph.query_functions:partners_of_partners
// LadybugDB runs the function named above: it counts the shared partners in the engine and
// drops known partners in Python, from a set (docs/queries.md). The Cypher below is the
// reference and what `kg query show` prints:
// LadybugDB: existing partners are dropped after grouping, by an OPTIONAL MATCH between the two
// bound ends; LadybugDB 0.22 plans NOT EXISTS { } as a join over every partnership (45 ms even
// when the organisation has none).
MATCH (:Key {key: $org})-[:KEY_OF]->(o:Company|Cluster|Lab)-[:PARTNERS_WITH]-(p)-[:PARTNERS_WITH]-(q)
WHERE q <> o
WITH o, q, count(DISTINCT p) AS shared_partners
OPTIONAL MATCH (o)-[known:PARTNERS_WITH]-(q)
WITH o, q, shared_partners, known
WHERE known IS NULL
RETURN o.name AS org, o.id AS org_id, q.name AS candidate, q.id AS candidate_id, shared_partners
ORDER BY shared_partners DESC, candidate, candidate_id, org_id
LIMIT $limit
