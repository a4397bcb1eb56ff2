// name: co-exhibitors
// description: Organisations that exhibit at the same events as an organisation, most shared events first.
// param: org: entity — the organisation
// param: limit: int = 50 — most rows returned
// mode: read
MATCH (:Key {key: $org})-[:KEY_OF]->(o:Company|Cluster|Lab)-[:EXHIBITS_AT]->(ev:Event)<-[:EXHIBITS_AT]-(x)
WHERE x.id <> o.id
RETURN o.name AS org, o.id AS org_id, x.name AS co_exhibitor, x.id AS co_exhibitor_id,
       count(DISTINCT ev.id) AS shared_events
ORDER BY shared_events DESC, co_exhibitor, co_exhibitor_id, org_id
LIMIT $limit
