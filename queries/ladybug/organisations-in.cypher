// name: organisations-in
// description: Organisations located in a place or anywhere inside it (a city inside its département, region and country, as articles state it or the gazetteer knows it), with their type and how the location is known.
// param: place: entity — the city, département, region or country
// param: limit: int = 200 — most rows returned
// mode: read
// LadybugDB: a property the query names is read for every organisation the scan matches,
// even when only the rows kept after the LIMIT use it (+60 ms at 100k entities), and a
// lookup by id over several labels scans them all. So `located` (from o.stated_within) is
// read in a second statement, by primary key per label, for the kept rows alone, and the
// third puts each row together.
MATCH (:Key {key: $place})-[:KEY_OF]->(pl:City|Region|Country)
MATCH (o:Company|Cluster|Lab) WHERE o.within CONTAINS ('|' + pl.id + '|')
RETURN pl.name AS places, pl.id AS place_ids, o.id AS organisation_ids, o.name AS names,
       CASE WHEN o.id STARTS WITH 'company:' THEN 'Company'
            WHEN o.id STARTS WITH 'cluster:' THEN 'Cluster'
            ELSE 'Lab' END AS types
ORDER BY types, names, organisation_ids, place_ids
LIMIT $limit;

UNWIND CAST($organisation_ids AS STRING[]) AS oid MATCH (o:Company {id: oid})
RETURN o.id AS stated_ids, o.stated_within AS stated_withins
UNION ALL
UNWIND CAST($organisation_ids AS STRING[]) AS oid MATCH (o:Cluster {id: oid})
RETURN o.id AS stated_ids, o.stated_within AS stated_withins
UNION ALL
UNWIND CAST($organisation_ids AS STRING[]) AS oid MATCH (o:Lab {id: oid})
RETURN o.id AS stated_ids, o.stated_within AS stated_withins;

UNWIND range(1, size(CAST($organisation_ids AS STRING[]))) AS i
WITH i, list_extract(CAST($organisation_ids AS STRING[]), i) AS oid,
     list_extract(CAST($place_ids AS STRING[]), i) AS pid
WITH i, oid, pid, list_extract(CAST($stated_withins AS STRING[]),
                               list_position(CAST($stated_ids AS STRING[]), oid)) AS sw
RETURN list_extract(CAST($places AS STRING[]), i) AS place, pid AS place_id,
       list_extract(CAST($names AS STRING[]), i) AS organisation, oid AS organisation_id,
       CASE WHEN sw CONTAINS ('|' + pid + '|') THEN 'stated' ELSE 'gazetteer' END AS located,
       list_extract(CAST($types AS STRING[]), i) AS type
ORDER BY type, organisation, organisation_id, place_id
