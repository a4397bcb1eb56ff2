// name: international-partnerships
// description: Partnerships between organisations located in different countries (through their city and region, stated or from the gazetteer), country by country: each organisation with its foreign partners, so a partnership shows once from each side; optionally one country's.
// param: country: entity = "" — only organisations of this country, with their foreign partners (empty: every country)
// param: limit: int = 100 — most rows returned
// mode: read
// n.places / n.within hold the ids of every place an entity lies in (its LOCATED_IN chain
// and what the gazetteer says encloses each place on it), kept by every write. Rows come country by country and organisation by organisation in the final
// order, so the engine stops after $limit rows instead of sorting every partnership.
MATCH (c:Country)
WHERE $country = '' OR EXISTS { MATCH (:Key {key: $country})-[:KEY_OF]->(c) }
WITH c ORDER BY c.name
CALL (c) {
  MATCH (o:Company|Cluster|Lab) WHERE o.within CONTAINS ('|' + c.id + '|')
  RETURN o
}
WITH c, o ORDER BY c.name, o.name, o.id
CALL (c, o) {
  MATCH (o)-[e:PARTNERS_WITH]-(p:Company|Cluster|Lab)
  UNWIND p.places AS pc_id
  WITH e, p, pc_id WHERE pc_id STARTS WITH 'country:' AND pc_id <> c.id
  MATCH (pc:Country {id: pc_id})
  RETURN e, p, pc
}
RETURN o.name AS org, o.id AS org_id, c.name AS country,
       p.name AS partner, p.id AS partner_id, pc.name AS partner_country,
       e.year AS year, size(e.evidence) AS evidence_count
ORDER BY country, org, org_id, partner, partner_id, partner_country
LIMIT $limit
