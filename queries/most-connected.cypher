// name: most-connected
// description: Entities ranked by their number of relations (partnerships, locations, exhibitions, memberships), optionally of one type.
// param: type: label = "" — Company, Cluster, Lab, City, Region, Country or Event (empty: every type)
// param: limit: int = 20 — most rows returned
// mode: read
MATCH (n)-[e:PARTNERS_WITH|LOCATED_IN|EXHIBITS_AT|MEMBER_OF]-()
WITH n, count(e) AS relations
WITH n, relations,
     CASE WHEN n.id STARTS WITH 'company:' THEN 'Company'
          WHEN n.id STARTS WITH 'cluster:' THEN 'Cluster'
          WHEN n.id STARTS WITH 'lab:' THEN 'Lab'
          WHEN n.id STARTS WITH 'city:' THEN 'City'
          WHEN n.id STARTS WITH 'region:' THEN 'Region'
          WHEN n.id STARTS WITH 'country:' THEN 'Country'
          ELSE 'Event' END AS type
WHERE $type = '' OR type = $type
RETURN n.name AS name, n.id AS id, type, relations
ORDER BY relations DESC, name, id
LIMIT $limit
