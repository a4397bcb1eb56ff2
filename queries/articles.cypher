// name: articles
// description: The articles in the graph, newest first (undated last): those whose title, URL or file name holds every word searched, optionally published within a date range, with how many entities each names.
// param: query: words = "" — words to find in the title, URL or file name (empty: every article)
// param: since: date = "" — published on or after this date (empty: no lower bound)
// param: until: date = "" — published on or before this date, a year or month included whole (empty: no upper bound)
// param: limit: int = 50 — most rows returned
// mode: read
// a.search_text is the folded title, URL and file name (kept by each write), so the words,
// folded the same way by the parameter, are found case and accents ignored. `until` is
// compared with '~' appended: it sorts after every digit and '-', so "2013" keeps 2013-12-31.
MATCH (a:Article)
WHERE all(word IN $query WHERE a.search_text CONTAINS word)
  AND ($since = '' OR a.published >= $since)
  AND ($until = '' OR a.published <= $until + '~')
WITH a, coalesce(a.published, '') AS published
ORDER BY published DESC, a.id
LIMIT $limit
RETURN published, a.title AS title, a.id AS article_id, a.url AS url, a.path AS path,
       COUNT { MATCH (a)-[:MENTIONS]->() } AS entities
ORDER BY published DESC, article_id
