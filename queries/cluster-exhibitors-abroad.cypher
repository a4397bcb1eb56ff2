// name: cluster-exhibitors-abroad
// description: Members of a cluster exhibiting at events held in a country where the member is not located (members of unknown location are left out).
// param: cluster: entity — the cluster
// param: limit: int = 100 — most rows returned
// mode: read
// n.places holds the ids of every place an entity lies in (its LOCATED_IN chain and the
// gazetteer country of its city or region), kept by every write: countries are compared
// without walking the place hierarchy.
MATCH (:Key {key: $cluster})-[:KEY_OF]->(c:Cluster)<-[:MEMBER_OF]-(m)-[x:EXHIBITS_AT]->(ev:Event)
WHERE any(p IN m.places WHERE p STARTS WITH 'country:')
UNWIND ev.places AS k_id
WITH c, m, x, ev, k_id
WHERE k_id STARTS WITH 'country:' AND NOT k_id IN m.places
MATCH (k:Country {id: k_id})
RETURN c.name AS cluster, c.id AS cluster_id, m.name AS member, m.id AS member_id,
       ev.name AS event, ev.id AS event_id, k.name AS event_country, x.year AS year
ORDER BY member, member_id, event, event_id, event_country
LIMIT $limit
