// name: most-connected
// description: Entities ranked by their number of relations (partnerships, locations, exhibitions, memberships), optionally of one type.
// param: type: label = "" — Company, Cluster, Lab, City, Region, Country or Event (empty: every type)
// param: limit: int = 20 — most rows returned
// mode: read
// Each entity keeps its relation count (n.relations, updated by every write), so the ranking
// reads each type's relations index in order and stops after $limit rows. A type not asked
// for gets a null lower bound, an empty index seek (a filter on $type would read it all).
CALL () {
  MATCH (n:Company) WHERE n.relations >= CASE WHEN $type IN ['', 'Company'] THEN 1 END
  RETURN n, 'Company' AS type ORDER BY n.relations DESC, n.name, n.id LIMIT $limit
  UNION ALL
  MATCH (n:Cluster) WHERE n.relations >= CASE WHEN $type IN ['', 'Cluster'] THEN 1 END
  RETURN n, 'Cluster' AS type ORDER BY n.relations DESC, n.name, n.id LIMIT $limit
  UNION ALL
  MATCH (n:Lab) WHERE n.relations >= CASE WHEN $type IN ['', 'Lab'] THEN 1 END
  RETURN n, 'Lab' AS type ORDER BY n.relations DESC, n.name, n.id LIMIT $limit
  UNION ALL
  MATCH (n:City) WHERE n.relations >= CASE WHEN $type IN ['', 'City'] THEN 1 END
  RETURN n, 'City' AS type ORDER BY n.relations DESC, n.name, n.id LIMIT $limit
  UNION ALL
  MATCH (n:Region) WHERE n.relations >= CASE WHEN $type IN ['', 'Region'] THEN 1 END
  RETURN n, 'Region' AS type ORDER BY n.relations DESC, n.name, n.id LIMIT $limit
  UNION ALL
  MATCH (n:Country) WHERE n.relations >= CASE WHEN $type IN ['', 'Country'] THEN 1 END
  RETURN n, 'Country' AS type ORDER BY n.relations DESC, n.name, n.id LIMIT $limit
  UNION ALL
  MATCH (n:Event) WHERE n.relations >= CASE WHEN $type IN ['', 'Event'] THEN 1 END
  RETURN n, 'Event' AS type ORDER BY n.relations DESC, n.name, n.id LIMIT $limit
}
RETURN n.name AS name, n.id AS id, type, n.relations AS relations
ORDER BY relations DESC, name, id
LIMIT $limit
