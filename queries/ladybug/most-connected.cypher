// name: most-connected
// description: Entities ranked by their number of relations (partnerships, locations, exhibitions, memberships), optionally of one type.
// param: type: label = "" — Company, Cluster, Lab, City, Region, Country or Event (empty: every type)
// param: limit: int = 20 — most rows returned
// mode: read
// LadybugDB: no CALL subqueries; one scan of the stored counts is as fast (columnar).
MATCH (n:Company|Cluster|Lab|City|Region|Country|Event)
WHERE n.relations > 0 AND ($type = '' OR label(n) = $type)
RETURN n.name AS name, n.id AS id, label(n) AS type, n.relations AS relations
ORDER BY relations DESC, name, id
LIMIT $limit
