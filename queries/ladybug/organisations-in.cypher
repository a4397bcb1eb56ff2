// name: organisations-in
// description: Organisations located in a place or anywhere inside it (a city inside a region inside a country), with their type.
// param: place: entity — city, region or country name or alias
// param: limit: int = 200 — most rows returned
// mode: read
// LadybugDB: organisations found by their `within` string ("|id|id|": every place they lie
// in, kept by each write), each once: walking 1..3 LOCATED_IN hops down makes LadybugDB 0.22
// expand from every organisation (2 s), and list_contains(o.places, ...) is twice as slow.
MATCH (:Key {key: $place})-[:KEY_OF]->(pl:City|Region|Country)
MATCH (o:Company|Cluster|Lab) WHERE o.within CONTAINS ('|' + pl.id + '|')
RETURN pl.name AS place, pl.id AS place_id, o.name AS organisation, o.id AS organisation_id,
       CASE WHEN o.id STARTS WITH 'company:' THEN 'Company'
            WHEN o.id STARTS WITH 'cluster:' THEN 'Cluster'
            ELSE 'Lab' END AS type
ORDER BY type, organisation, organisation_id, place_id
LIMIT $limit
