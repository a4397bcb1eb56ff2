// name: partners-of-partners
// description: Organisations two partnerships away that are not yet partners, ranked by how many partners they share: leads for introductions.
// param: org: entity — organisation name or alias
// param: limit: int = 20 — most rows returned
// mode: read
MATCH (:Key {key: $org})-[:KEY_OF]->(o:Company|Cluster|Lab)-[:PARTNERS_WITH]-(p)-[:PARTNERS_WITH]-(q)
WHERE q.id <> o.id
  AND NOT EXISTS { MATCH (o)-[:PARTNERS_WITH]-(q) }
RETURN o.name AS org, o.id AS org_id, q.name AS candidate, q.id AS candidate_id,
       count(DISTINCT p.id) AS shared_partners
ORDER BY shared_partners DESC, candidate, candidate_id, org_id
LIMIT $limit
