// name: articles
// description: The articles in the graph, newest first (undated last): those whose title, URL or file name holds every word searched, optionally published within a date range, with how many entities each names.
// param: query: words = "" — words to find in the title, URL or file name (empty: every article)
// param: since: date = "" — published on or after this date (empty: no lower bound)
// param: until: date = "" — published on or before this date, a year or month included whole (empty: no upper bound)
// param: limit: int = 50 — most rows returned
// mode: read
// LadybugDB: an empty list parameter has no element type until it is cast.
MATCH (a:Article)
WHERE all(word IN CAST($query AS STRING[]) WHERE a.search_text CONTAINS word)
  AND ($since = '' OR a.published >= $since)
  AND ($until = '' OR a.published <= $until + '~')
WITH a, coalesce(a.published, '') AS published
ORDER BY published DESC, a.id
LIMIT $limit
RETURN published, a.title AS title, a.id AS article_id, a.url AS url, a.path AS path,
       COUNT { MATCH (a)-[:MENTIONS]->() } AS entities
ORDER BY published DESC, article_id
