// name: organisations-in
// description: Organisations located in a place or anywhere inside it (a city inside its département, region and country, as articles state it or the gazetteer knows it), with their type and how the location is known.
// param: place: entity — the city, département, region or country
// param: limit: int = 200 — most rows returned
// mode: read
// n.within lists every place n lies in ("|id|id|": its LOCATED_IN chain and what the
// gazetteer says encloses each place on it: département, region, country), kept by each
// write; a text index serves CONTAINS on Neo4j. `located` says how n is known to be there:
// "stated" when LOCATED_IN facts reach the place (n.stated_within), "gazetteer" when the
// last step is the gazetteer's containment (a derived fact: no sentence states it), read
// for the rows kept only, after the LIMIT.
MATCH (:Key {key: $place})-[:KEY_OF]->(pl:City|Region|Country)
MATCH (o:Company|Cluster|Lab) WHERE o.within CONTAINS ('|' + pl.id + '|')
WITH pl, o, CASE WHEN o.id STARTS WITH 'company:' THEN 'Company'
                 WHEN o.id STARTS WITH 'cluster:' THEN 'Cluster'
                 ELSE 'Lab' END AS type
ORDER BY type, o.name, o.id, pl.id
LIMIT $limit
RETURN pl.name AS place, pl.id AS place_id, o.name AS organisation, o.id AS organisation_id,
       CASE WHEN o.stated_within CONTAINS ('|' + pl.id + '|') THEN 'stated'
            ELSE 'gazetteer' END AS located,
       type
ORDER BY type, organisation, organisation_id, place_id
