// name: organisations-in
// description: Organisations located in a place or anywhere inside it (a city inside a region inside a country), with their type.
// param: place: entity — city, region or country name or alias
// param: limit: int = 200 — most rows returned
// mode: read
// LadybugDB: places inside the place first, then organisations one hop from them; the
// canonical 1..3-hop pattern makes LadybugDB 0.22 expand from every organisation (2 s at 100k).
MATCH (:Key {key: $place})-[:KEY_OF]->(pl:City|Region|Country)
OPTIONAL MATCH (pl)<-[:LOCATED_IN*1..2]-(inner:City|Region)
WITH pl, collect(DISTINCT inner.id) AS inner_ids
UNWIND inner_ids + [pl.id] AS spot_id
MATCH (spot:City|Region|Country {id: spot_id})<-[:LOCATED_IN]-(o:Company|Cluster|Lab)
WITH DISTINCT pl, o
RETURN pl.name AS place, pl.id AS place_id, o.name AS organisation, o.id AS organisation_id,
       CASE WHEN o.id STARTS WITH 'company:' THEN 'Company'
            WHEN o.id STARTS WITH 'cluster:' THEN 'Cluster'
            ELSE 'Lab' END AS type
ORDER BY type, organisation, organisation_id, place_id
LIMIT $limit
