// name: cluster-exhibitors-abroad
// description: Members of a cluster exhibiting at events held in a country where the member is not located (members of unknown location are left out).
// param: cluster: entity — cluster name or alias
// param: limit: int = 100 — most rows returned
// mode: read
MATCH (:Key {key: $cluster})-[:KEY_OF]->(c:Cluster)<-[:MEMBER_OF]-(m)-[x:EXHIBITS_AT]->(ev:Event)-[:LOCATED_IN*1..3]->(k:Country)
MATCH (m)-[:LOCATED_IN*1..3]->(home:Country)
WITH c, m, x, ev, k, collect(DISTINCT home.id) AS homes
WHERE NOT k.id IN homes
RETURN c.name AS cluster, c.id AS cluster_id, m.name AS member, m.id AS member_id,
       ev.name AS event, ev.id AS event_id, k.name AS event_country, x.year AS year
ORDER BY member, member_id, event, event_id, event_country
LIMIT $limit
