// name: international-partnerships
// description: Partnerships between organisations located in different countries (through their city and region), optionally those of one country's organisations.
// param: country: entity = "" — only organisations of this country, with their foreign partners (empty: every country)
// param: limit: int = 100 — most rows returned
// mode: read
// LadybugDB: no CALL subqueries, so rows cannot stream in their final order: two branches,
// one empty for a given $country, each producing all its rows and sorting them. n.places /
// n.within hold the ids of every place an entity lies in (its LOCATED_IN chain and the
// gazetteer country of its city or region), kept by every write.
MATCH (o:Company|Cluster|Lab)-[e:PARTNERS_WITH]-(p:Company|Cluster|Lab)
WHERE $country = '' AND o.id < p.id
UNWIND o.places AS c_id
WITH o, e, p, c_id WHERE c_id STARTS WITH 'country:'
UNWIND p.places AS pc_id
WITH o, e, p, c_id, pc_id WHERE pc_id STARTS WITH 'country:' AND pc_id <> c_id
MATCH (c:Country {id: c_id}), (pc:Country {id: pc_id})
RETURN o.name AS org, o.id AS org_id, c.name AS country,
       p.name AS partner, p.id AS partner_id, pc.name AS partner_country,
       e.year AS year, size(e.evidence) AS evidence_count
ORDER BY country, org, org_id, partner, partner_id, partner_country
LIMIT $limit
UNION ALL
MATCH (:Key {key: $country})-[:KEY_OF]->(c:Country)
MATCH (o:Company|Cluster|Lab) WHERE o.within CONTAINS ('|' + c.id + '|')
MATCH (o)-[e:PARTNERS_WITH]-(p:Company|Cluster|Lab)
UNWIND p.places AS pc_id
WITH c, o, e, p, pc_id WHERE pc_id STARTS WITH 'country:' AND pc_id <> c.id
MATCH (pc:Country {id: pc_id})
RETURN o.name AS org, o.id AS org_id, c.name AS country,
       p.name AS partner, p.id AS partner_id, pc.name AS partner_country,
       e.year AS year, size(e.evidence) AS evidence_count
ORDER BY country, org, org_id, partner, partner_id, partner_country
LIMIT $limit
