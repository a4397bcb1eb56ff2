// name: international-partnerships
// description: Partnerships between organisations located in different countries (through their city and region), optionally involving one country.
// param: country: entity = "" — only partnerships with a side in this country (empty: every country)
// param: limit: int = 100 — most rows returned
// mode: read
MATCH (a:Company|Cluster|Lab)-[e:PARTNERS_WITH]->(b:Company|Cluster|Lab)
MATCH (a)-[:LOCATED_IN*1..3]->(ca:Country)
MATCH (b)-[:LOCATED_IN*1..3]->(cb:Country)
WHERE ca.id <> cb.id
  AND ($country = '' OR $country IN ca.search_keys OR $country IN cb.search_keys)
WITH DISTINCT a, b, e, ca, cb
RETURN a.name AS org_a, a.id AS org_a_id, ca.name AS country_a,
       b.name AS org_b, b.id AS org_b_id, cb.name AS country_b,
       e.year AS year, size(e.evidence) AS evidence_count
ORDER BY org_a, org_a_id, org_b, org_b_id, country_a, country_b
LIMIT $limit
