// name: best-connected-in
// description: Organisations located in a place (or inside it) ranked by their number of partnerships: the hubs of a city, region or country.
// param: place: entity — the city, region or country
// param: limit: int = 20 — most rows returned
// mode: read
// n.within lists every place n lies in ("|id|id|": its LOCATED_IN chain and the gazetteer
// country of its city or region), kept by each write; a text index serves CONTAINS on Neo4j.
MATCH (:Key {key: $place})-[:KEY_OF]->(pl:City|Region|Country)
MATCH (o:Company|Cluster|Lab) WHERE o.within CONTAINS ('|' + pl.id + '|')
RETURN pl.name AS place, pl.id AS place_id, o.name AS organisation, o.id AS organisation_id,
       o.partnerships AS partnerships
ORDER BY partnerships DESC, organisation, organisation_id, place_id
LIMIT $limit
