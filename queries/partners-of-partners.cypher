// name: partners-of-partners
// description: Organisations two partnerships away that are not yet partners, ranked by how many partners they share: leads for introductions.
// param: org: entity — the organisation
// param: limit: int = 20 — most rows returned
// mode: read
// Grouped by node, names read only to rank: a hub has tens of thousands of candidates.
MATCH (:Key {key: $org})-[:KEY_OF]->(o:Company|Cluster|Lab)-[:PARTNERS_WITH]-(p)-[:PARTNERS_WITH]-(q)
WHERE q <> o
  AND NOT EXISTS { MATCH (o)-[:PARTNERS_WITH]-(q) }
WITH o, q, count(DISTINCT p) AS shared_partners
RETURN o.name AS org, o.id AS org_id, q.name AS candidate, q.id AS candidate_id, shared_partners
ORDER BY shared_partners DESC, candidate, candidate_id, org_id
LIMIT $limit
