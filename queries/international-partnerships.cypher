// name: international-partnerships
// description: Partnerships between organisations located in different countries (through their city and region), optionally those of one country's organisations.
// param: country: entity = "" — only organisations of this country, with their foreign partners (empty: every country)
// param: limit: int = 100 — most rows returned
// mode: read
MATCH (o:Company|Cluster|Lab)-[:LOCATED_IN*1..3]->(c:Country)
WHERE $country = '' OR $country IN c.search_keys
WITH DISTINCT o, c
MATCH (o)-[e:PARTNERS_WITH]-(p:Company|Cluster|Lab)-[:LOCATED_IN*1..3]->(pc:Country)
WHERE pc.id <> c.id AND ($country <> '' OR o.id < p.id)
WITH DISTINCT o, c, e, p, pc
RETURN o.name AS org, o.id AS org_id, c.name AS country,
       p.name AS partner, p.id AS partner_id, pc.name AS partner_country,
       e.year AS year, size(e.evidence) AS evidence_count
ORDER BY country, org, org_id, partner, partner_id, partner_country
LIMIT $limit
