// name: exhibitors-at
// description: Organisations exhibiting at an event (trade show, fair, conference).
// param: event: entity — the trade show or event
// param: limit: int = 200 — most rows returned
// mode: read
MATCH (:Key {key: $event})-[:KEY_OF]->(ev:Event)<-[e:EXHIBITS_AT]-(o)
RETURN ev.name AS event, ev.id AS event_id, o.name AS exhibitor, o.id AS exhibitor_id,
       CASE WHEN o.id STARTS WITH 'company:' THEN 'Company'
            WHEN o.id STARTS WITH 'cluster:' THEN 'Cluster'
            ELSE 'Lab' END AS type,
       e.year AS year, size(e.evidence) AS evidence_count, size(e.sources) AS article_count
ORDER BY exhibitor, exhibitor_id, event_id
LIMIT $limit
