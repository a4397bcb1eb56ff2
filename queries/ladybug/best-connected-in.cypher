// name: best-connected-in
// description: Organisations located in a place (or inside it) ranked by their number of partnerships: the hubs of a city, region or country.
// param: place: entity — city, region or country name or alias
// param: limit: int = 20 — most rows returned
// mode: read
// LadybugDB: places inside the place first, then organisations one hop from them; the
// canonical 1..3-hop pattern makes LadybugDB 0.22 expand from every organisation (2 s at 100k).
MATCH (:Key {key: $place})-[:KEY_OF]->(pl:City|Region|Country)
OPTIONAL MATCH (pl)<-[:LOCATED_IN*1..2]-(inner:City|Region)
WITH pl, collect(DISTINCT inner.id) AS inner_ids
UNWIND inner_ids + [pl.id] AS spot_id
MATCH (spot:City|Region|Country {id: spot_id})<-[:LOCATED_IN]-(o:Company|Cluster|Lab)
WITH DISTINCT pl, o
OPTIONAL MATCH (o)-[e:PARTNERS_WITH]-()
WITH pl, o, count(e) AS partnerships
RETURN pl.name AS place, pl.id AS place_id, o.name AS organisation, o.id AS organisation_id,
       partnerships
ORDER BY partnerships DESC, organisation, organisation_id, place_id
LIMIT $limit
