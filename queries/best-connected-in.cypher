// name: best-connected-in
// description: Organisations located in a place (or inside it) ranked by their number of partnerships: the hubs of a city, region or country.
// param: place: entity — city, region or country name or alias
// param: limit: int = 20 — most rows returned
// mode: read
MATCH (:Key {key: $place})-[:KEY_OF]->(pl:City|Region|Country)<-[:LOCATED_IN*1..3]-(o:Company|Cluster|Lab)
WITH DISTINCT pl, o
RETURN pl.name AS place, pl.id AS place_id, o.name AS organisation, o.id AS organisation_id,
       o.partnerships AS partnerships
ORDER BY partnerships DESC, organisation, organisation_id, place_id
LIMIT $limit
