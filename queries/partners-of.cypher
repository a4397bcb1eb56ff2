// name: partners-of
// description: Organisations that partner with an organisation, with the year and how much evidence backs each partnership.
// param: org: entity — the organisation
// param: limit: int = 50 — most rows returned
// mode: read
MATCH (:Key {key: $org})-[:KEY_OF]->(o:Company|Cluster|Lab)-[e:PARTNERS_WITH]-(p)
RETURN o.name AS org, o.id AS org_id, p.name AS partner, p.id AS partner_id,
       CASE WHEN p.id STARTS WITH 'company:' THEN 'Company'
            WHEN p.id STARTS WITH 'cluster:' THEN 'Cluster'
            ELSE 'Lab' END AS partner_type,
       e.year AS year, size(e.evidence) AS evidence_count, size(e.sources) AS article_count,
       e.confidence AS confidence
ORDER BY partner, partner_id, org_id
LIMIT $limit
