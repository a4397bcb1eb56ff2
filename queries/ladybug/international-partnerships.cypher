// name: international-partnerships
// description: Partnerships between organisations located in different countries (through their city and region, stated or from the gazetteer), country by country: each organisation with its foreign partners, so a partnership shows once from each side; optionally one country's.
// param: country: entity = "" — only organisations of this country, with their foreign partners (empty: every country)
// param: limit: int = 100 — most rows returned
// mode: read
// LadybugDB: no CALL subqueries and no lazy top-k, so the canonical text sorts every
// international partnership (300-400 ms on the 100k-entity bench graph). Three statements
// instead, on what every write keeps: o.abroad ("|id|id|", the countries of o from which it
// has a foreign partner) and c.abroad_orgs (how many organisations have c in abroad).
// 1. The countries, by name. 2. Those that can reach the first $limit rows: each
// organisation listed gives at least one row, so once the countries before one hold
// $limit organisations, it and the rest cannot. 3. The first $limit organisations of those
// countries, found by one scan (a regex built from parameters is applied in the scan; a
// value computed in the statement would be applied after it), then their partners abroad.
MATCH (c:Country) WHERE $country = '' AND c.abroad_orgs > 0
RETURN c.id AS country_ids, c.name AS country_names, c.abroad_orgs AS country_orgs
ORDER BY country_names, country_ids
UNION ALL
MATCH (:Key {key: $country})-[:KEY_OF]->(c:Country) WHERE c.abroad_orgs > 0
RETURN c.id AS country_ids, c.name AS country_names, c.abroad_orgs AS country_orgs
ORDER BY country_names, country_ids;

WITH CAST($country_ids AS STRING[]) AS ids, CAST($country_orgs AS INT64[]) AS counts
UNWIND range(1, size(ids)) AS i
WITH ids, counts, i WHERE list_sum(list_slice(counts, 1, i)) - list_extract(counts, i) < $limit
RETURN list_extract(ids, i) AS needed,
       regexp_replace(list_extract(ids, i), '([^A-Za-z0-9:-])', '\\\\\\1', 'g') AS needed_patterns;

MATCH (o:Company|Cluster|Lab)
WHERE o.abroad =~ ('.*\\|(' + list_to_string('|', CAST($needed_patterns AS STRING[])) + ')\\|.*')
UNWIND CAST($needed AS STRING[]) AS c_id
WITH o, c_id WHERE o.abroad CONTAINS ('|' + c_id + '|')
WITH o, c_id ORDER BY list_position(CAST($country_ids AS STRING[]), c_id), o.name, o.id LIMIT $limit
MATCH (o)-[e:PARTNERS_WITH]-(p:Company|Cluster|Lab)
UNWIND p.places AS pc_id
WITH o, c_id, e, p, pc_id WHERE pc_id STARTS WITH 'country:' AND pc_id <> c_id
MATCH (pc:Country {id: pc_id})
RETURN o.name AS org, o.id AS org_id,
       list_extract(CAST($country_names AS STRING[]),
                    list_position(CAST($country_ids AS STRING[]), c_id)) AS country,
       p.name AS partner, p.id AS partner_id, pc.name AS partner_country,
       e.year AS year, size(e.evidence) AS evidence_count
ORDER BY country, org, org_id, partner, partner_id, partner_country
LIMIT $limit
