// name: organisations-in
// description: Organisations located in a place or anywhere inside it (a city inside a region inside a country), with their type.
// param: place: entity — the city, region or country
// param: limit: int = 200 — most rows returned
// mode: read
// n.within lists every place n lies in ("|id|id|": its LOCATED_IN chain and the gazetteer
// country of its city or region), kept by each write; a text index serves CONTAINS on Neo4j.
MATCH (:Key {key: $place})-[:KEY_OF]->(pl:City|Region|Country)
MATCH (o:Company|Cluster|Lab) WHERE o.within CONTAINS ('|' + pl.id + '|')
RETURN pl.name AS place, pl.id AS place_id, o.name AS organisation, o.id AS organisation_id,
       CASE WHEN o.id STARTS WITH 'company:' THEN 'Company'
            WHEN o.id STARTS WITH 'cluster:' THEN 'Cluster'
            ELSE 'Lab' END AS type
ORDER BY type, organisation, organisation_id, place_id
LIMIT $limit
