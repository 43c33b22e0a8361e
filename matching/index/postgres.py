"""The PostgreSQL engine: BM25 over our own jieba tokens and pgvector's HNSW, through psycopg 3.

Each index has four tables in its schema (`scenariohub_search` unless told), kept out of the
platform's own, and a row in `<schema>.indexes` (its dimension, how many documents and tokens it
holds):

- `<name>_documents`: slot (the order of writing), id, payload as JSONB, length in tokens and a
  `vector(dimension)`, with an HNSW index (cosine) and a GIN index on the payload for filters;
- `<name>_postings`: the inverted index, one row per (term, document): the term exactly as our
  tokenizer made it, the document's slot, the term's count in it (tf) and the document's length,
  in a B-tree on (term, slot) that carries tf and length, so a term's postings are one index
  range read without touching the table;
- `<name>_terms`: each term's document frequency and id;
- `<name>_weights`: see below.

Postings and frequencies are written with the document, in its transaction. BM25 (k1 1.2,
b 0.75, the embedded engine's formula and its stop list of common terms in large corpora) then
reads only the postings of the query's terms. In a large index (1,000 documents or more) even
that is most of the corpus for a long query of common words (150,000 postings for one bench
demand at 10k documents, 50 ms to add up), so there `<name>_weights` holds each document's BM25
term weights as a pgvector `sparsevec` (by term id) computed against a reference mean length:
one sparse inner product per document picks twice `depth` candidates (a C loop, about a third
of the cost), and only their postings are scored exactly. The cached weights are rebuilt when
the mean length drifts 2% from the reference, as the embedded engine's are, so the candidates
are those of the exact scores but for near-ties at the cut.

Why not `tsvector` with a GIN index and `ts_rank_cd`: the first version did that. `ts_rank_cd`
has no idf and scores cover density, so its scale and order differ from the BM25 that fusion
(`matching.ranking.fusion`) was calibrated on; BM25 over tsvectors needs each candidate's tf,
read by unpacking its tsvector, and a 48-term query matches most of a corpus: 250 ms at 10k
documents. Terms are our tokenizer's tokens, never PostgreSQL's parser's (which would split
`car-t` or `c++`), so what a query finds does not hang on the server.

Dense side. An HNSW index with cosine distance (`<=>`; cosine = 1 − distance) on `vector`,
float32 (the embedded engine rounds its stored rows to bfloat16, about 1e-4 of a 512-dimension
cosine). With `hnsw.ef_search` at 400 the planner prices the index above a sequential scan of
10k rows and would read every vector (45 ms): sequential scans are turned off for the search, so
the index is used (1–2 ms). Filters and exclusions are part of the query; pgvector 0.8+ scans
the graph on until enough rows pass them (`iterative_scan`).

A search is one statement: the statistics, both sides, the cosines of keyword-only hits and the
payloads. Writes of one index are serialised (its row in `indexes` is locked) and commit at
once, so `flush` has nothing to do. Connections are pooled; one lost with the server (a
restart, an idle connection cut) is replaced and the call tried once more, otherwise the error
comes back as `PostgresUnavailable`.

The constructor creates what is missing, `CREATE EXTENSION IF NOT EXISTS vector` included, and
raises `PgvectorMissing` with the reason when pgvector cannot be had; the platform's database
gets the same tables from an Alembic migration (`create_statements`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
import orjson
from psycopg import sql

from matching.index.base import Hit, IndexDoc, Query, Vector
from matching.index.embedded import (
    COMMON_TERM_MIN_DOCS,
    COMMON_TERM_SHARE,
    DEPTH_MIN,
    DEPTH_PER_RESULT,
    MAX_QUERY_TERMS,
)
from matching.index.pgsql import (
    MAX_LEXEME_BYTES,
    Conn,
    Pool,
    ensure_pgvector,
    restriction,
    vector_text,
    version_tuple,
)
from matching.index.pgsql import PgvectorMissing as PgvectorMissing
from matching.index.pgsql import PostgresIndexError as PostgresIndexError
from matching.index.pgsql import PostgresUnavailable as PostgresUnavailable
from matching.index.postings import K1, B
from matching.text import Tokenizer, default_tokenizer

DEFAULT_SCHEMA = "scenariohub_search"
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
# HNSW candidates kept while searching (pgvector's default is 40, fewer than one side's depth).
# At 10k random 512-d vectors (the hardest case) 100 finds 83% of the exact top 20, 400 finds
# 95%, 1000 99%
EF_SEARCH_MIN, EF_SEARCH_MAX = 400, 1000
# the graph's build parameters (pgvector's defaults): links per node and candidates while
# inserting; more of either buys recall at the cost of build time and memory
HNSW_M, HNSW_EF_CONSTRUCTION = 16, 64
POOL_SIZE = 8
# a large index (COMMON_TERM_MIN_DOCS or more documents) picks its keyword candidates by one
# sparse inner product per document (pgvector's sparsevec) over BM25 weights cached against a
# reference mean length, then scores that many times `depth` candidates exactly from the postings;
# the cached weights are rebuilt once the mean length drifts this much from the reference (as
# the embedded engine's cached weights are)
CANDIDATES_PER_RESULT, WEIGHTS_DRIFT = 2, 0.02
SPARSE_DIMENSIONS = 1_000_000_000  # sparsevec's largest: term ids are the dimensions
MAX_TF = 65_535  # as the embedded engine stores it


def _check_name(label: str, value: str) -> None:
    if not _NAME.match(value):
        raise ValueError(f"index {label} {value!r}: lower-case letters, digits and _")


def create_statements(schema: str, name: str, dimension: int) -> list[str]:
    """The DDL of one index's tables, each `IF NOT EXISTS` (the constructor and the platform's
    Alembic migration run the same). The registry row is written by the constructor."""
    _check_name("name", name)
    _check_name("schema", schema)
    docs, postings, terms, weights = (
        f'"{schema}"."{name}_{t}"' for t in ("documents", "postings", "terms", "weights")
    )
    return [
        f'CREATE SCHEMA IF NOT EXISTS "{schema}"',
        f'CREATE TABLE IF NOT EXISTS "{schema}".indexes (name text PRIMARY KEY, dimension'
        " integer NOT NULL, documents bigint NOT NULL DEFAULT 0, tokens bigint NOT NULL"
        " DEFAULT 0)",
        # the mean length that the cached weights were computed against
        f'ALTER TABLE "{schema}".indexes ADD COLUMN IF NOT EXISTS average float8',
        # `slot` orders the documents as they were written: ties rank as in the embedded index
        f"CREATE TABLE IF NOT EXISTS {docs} (slot bigint GENERATED ALWAYS AS IDENTITY UNIQUE,"
        " id text PRIMARY KEY, payload jsonb NOT NULL, length integer NOT NULL,"
        f" embedding vector({int(dimension)}) NOT NULL)",
        f'CREATE INDEX IF NOT EXISTS "{name}_documents_embedding" ON {docs} USING hnsw'
        f" (embedding vector_cosine_ops) WITH (m = {HNSW_M},"
        f" ef_construction = {HNSW_EF_CONSTRUCTION})",
        f'CREATE INDEX IF NOT EXISTS "{name}_documents_payload" ON {docs} USING gin'
        " (payload jsonb_path_ops)",
        f"CREATE TABLE IF NOT EXISTS {postings} (term text NOT NULL, slot bigint NOT NULL,"
        " tf integer NOT NULL, length integer NOT NULL, PRIMARY KEY (term, slot)"
        " INCLUDE (tf, length))",
        f'CREATE INDEX IF NOT EXISTS "{name}_postings_slot" ON {postings} (slot)',
        f"CREATE TABLE IF NOT EXISTS {terms} (term text PRIMARY KEY, df integer NOT NULL,"
        " id integer GENERATED ALWAYS AS IDENTITY UNIQUE)",
        # each document's BM25 weights against the reference mean length, by term id
        f"CREATE TABLE IF NOT EXISTS {weights} (slot bigint PRIMARY KEY, weights sparsevec"
        f"({SPARSE_DIMENSIONS}) NOT NULL)",
    ]


# float8 throughout: a numeric literal would make every posting's sum numeric
_BM25 = {
    "k1": sql.SQL(f"{K1!r}::float8"),
    "k1_1": sql.SQL(f"{K1 + 1.0!r}::float8"),
    "b": sql.SQL(f"{B!r}::float8"),
    "one_b": sql.SQL(f"{1.0 - B!r}::float8"),
}


class PostgresIndex:
    def __init__(
        self,
        url: str,
        name: str,
        dimension: int,
        tokenizer: Tokenizer | None = None,
        *,
        schema: str = DEFAULT_SCHEMA,
        pool_size: int = POOL_SIZE,
        connect_timeout: float = 10.0,
    ) -> None:
        """`url` is a libpq URL (`postgresql://user@host/db`). The index `name` and the `schema`
        are plain lower-case identifiers. An index made for another dimension (another model),
        or in the first version's layout, is emptied and made anew: the caller reindexes, as
        with the embedded engine."""
        _check_name("name", name)
        _check_name("schema", schema)
        self.name = name
        self.schema = schema
        self.dimension = dimension
        self.tokenizer = tokenizer or default_tokenizer()
        self._pool = Pool(url, pool_size, connect_timeout)
        self._docs = sql.Identifier(schema, f"{name}_documents")
        self._postings = sql.Identifier(schema, f"{name}_postings")
        self._terms = sql.Identifier(schema, f"{name}_terms")
        self._weights = sql.Identifier(schema, f"{name}_weights")
        self._registry = sql.Identifier(schema, "indexes")
        self._iterative_scan = False
        self._ensure_tables()

    def close(self) -> None:
        """Close the pooled connections (a later call opens new ones)."""
        self._pool.close()

    # ---- set-up --------------------------------------------------------------------------

    def _ensure_tables(self) -> None:
        tables = [
            f"{self.schema}.{self.name}_{t}" for t in ("documents", "postings", "terms", "weights")
        ]

        def create(conn: Conn) -> None:
            # one set-up at a time in this database: two processes starting together would
            # otherwise race on CREATE EXTENSION / CREATE TABLE IF NOT EXISTS
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('scenariohub_search_setup'))")
            version = ensure_pgvector(conn)
            self._iterative_scan = version_tuple(version) >= (0, 8)
            if version_tuple(version) < (0, 7):
                raise PgvectorMissing(
                    f"pgvector {version} is too old (sparsevec needs 0.7 or later; 0.8 filters"
                    " HNSW searches whole): ALTER EXTENSION vector UPDATE"
                )
            found = conn.execute(
                "SELECT to_regclass(%s) IS NOT NULL, to_regclass(%s) IS NOT NULL,"
                " to_regclass(%s) IS NOT NULL, to_regclass(%s) IS NOT NULL,"
                " to_regclass(%s) IS NOT NULL",
                [f"{self.schema}.indexes", *tables],
            ).fetchone()
            assert found is not None
            registry, documents, _, _, weights = found
            dimension = None
            if registry:
                row = conn.execute(
                    sql.SQL("SELECT dimension FROM {} WHERE name = %s").format(self._registry),
                    [self.name],
                ).fetchone()
                dimension = None if row is None else row[0]
            if all(found) and dimension == self.dimension:
                return  # made already (by an earlier start or the migration): no DDL to run
            stale = dimension is not None and dimension != self.dimension
            if stale or (documents and not weights):
                # another model, or an earlier version's layout (a tsvector, no postings)
                for table in (self._docs, self._postings, self._terms, self._weights):
                    conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(table))
                conn.execute(
                    sql.SQL("DELETE FROM {} WHERE name = %s").format(self._registry), [self.name]
                )
            for statement in create_statements(self.schema, self.name, self.dimension):
                conn.execute(statement.encode())
            conn.execute(
                sql.SQL(
                    "INSERT INTO {} (name, dimension) VALUES (%s, %s) ON CONFLICT (name) DO NOTHING"
                ).format(self._registry),
                [self.name, self.dimension],
            )

        self._pool.run(create)

    # ---- protocol ------------------------------------------------------------------------

    def upsert(self, docs: Sequence[IndexDoc]) -> None:
        latest = {d.id: d for d in docs}  # the same id twice: the last one counts
        if not latest:
            return
        rows = []
        postings: dict[str, list[tuple[str, int]]] = {}
        frequencies: Counter[str] = Counter()
        tokens_added = 0
        for doc in latest.values():
            tokens = self.tokenizer.tokens(doc.text)
            tokens_added += len(tokens)
            counts = Counter(t for t in tokens if len(t.encode()) <= MAX_LEXEME_BYTES)
            postings[doc.id] = [(t, min(tf, MAX_TF)) for t, tf in counts.items()]
            frequencies.update(counts.keys())
            rows.append(
                (
                    doc.id,
                    orjson.dumps(dict(doc.payload)).decode(),
                    len(tokens),
                    vector_text(doc.vector),
                )
            )

        def write(conn: Conn) -> None:
            self._lock_registry(conn)
            gone = self._remove(conn, list(latest))
            with conn.cursor() as cur:
                with cur.copy(
                    sql.SQL("COPY {} (id, payload, length, embedding) FROM STDIN").format(
                        self._docs
                    )
                ) as copy:
                    for row in rows:
                        copy.write_row(row)
                slots: dict[str, int] = dict(
                    cur.execute(
                        sql.SQL("SELECT id, slot FROM {} WHERE id = ANY(%s)").format(self._docs),
                        [list(latest)],
                    ).fetchall()
                )
                with cur.copy(
                    sql.SQL("COPY {} (term, slot, tf, length) FROM STDIN").format(self._postings)
                ) as copy:
                    for doc_id, _, length, _ in rows:
                        slot = slots[doc_id]
                        for term, tf in postings[doc_id]:
                            copy.write_row((term, slot, tf, length))
                cur.execute(
                    sql.SQL(
                        "INSERT INTO {terms} AS t (term, df)"
                        " SELECT * FROM unnest(%s::text[], %s::integer[])"
                        " ON CONFLICT (term) DO UPDATE SET df = t.df + excluded.df"
                    ).format(terms=self._terms),
                    [list(frequencies), list(frequencies.values())],
                )
            self._count(conn, len(rows) - gone[0], tokens_added - gone[1])
            self._write_weights(conn, list(slots.values()))

        self._pool.run(write)

    def delete(self, ids: Sequence[str]) -> None:
        if not ids:
            return

        def write(conn: Conn) -> None:
            self._lock_registry(conn)
            documents, tokens = self._remove(conn, list(ids))
            self._count(conn, -documents, -tokens)
            self._write_weights(conn, [])  # the mean length may have drifted

        self._pool.run(write)

    def clear(self) -> None:
        def write(conn: Conn) -> None:
            self._lock_registry(conn)
            conn.execute(
                sql.SQL("TRUNCATE {}, {}, {}, {} RESTART IDENTITY").format(
                    self._docs, self._postings, self._terms, self._weights
                )
            )
            conn.execute(
                sql.SQL(
                    "UPDATE {} SET documents = 0, tokens = 0, average = NULL WHERE name = %s"
                ).format(self._registry),
                [self.name],
            )

        self._pool.run(write)

    def flush(self) -> None:
        """Every write has committed already."""

    def __len__(self) -> int:
        return self._stats()[0]

    def vector(self, doc_id: str) -> Vector | None:
        row = self._pool.run(
            lambda conn: conn.execute(
                sql.SQL("SELECT embedding::real[] FROM {} WHERE id = %s").format(self._docs),
                [doc_id],
            ).fetchone()
        )
        return None if row is None else np.asarray(row[0], dtype=np.float32)

    def matched_terms(
        self, terms: Sequence[str], doc_ids: Sequence[str]
    ) -> dict[str, tuple[str, ...]]:
        """Which query terms each document contains, read from its postings."""
        if not terms or not doc_ids:
            return {}
        rows = self._pool.run(
            lambda conn: conn.execute(
                sql.SQL(
                    "SELECT d.id, p.term FROM {docs} d JOIN {postings} p ON p.slot = d.slot"
                    " WHERE d.id = ANY(%s) AND p.term = ANY(%s)"
                ).format(docs=self._docs, postings=self._postings),
                [list(doc_ids), list(terms)],
            ).fetchall()
        )
        found: dict[str, set[str]] = {}
        for doc_id, term in rows:
            found.setdefault(doc_id, set()).add(term)
        return {doc_id: tuple(t for t in terms if t in own) for doc_id, own in found.items() if own}

    def search(self, query: Query) -> list[Hit]:
        terms = list(
            dict.fromkeys(
                query.terms
                if query.terms is not None
                else (self.tokenizer.terms(query.text) if query.text else [])
            )
        )
        depth = max(DEPTH_MIN, query.limit * DEPTH_PER_RESULT)
        where, params = restriction(query.filters, query.exclude_ids)
        vector = None if query.vector is None else vector_text(query.vector)
        statement, values = self._search_statement(terms, vector, where, params, depth)
        ef_search = min(EF_SEARCH_MAX, max(EF_SEARCH_MIN, 2 * depth))
        # iterative scans keep filtered HNSW results whole; an older pgvector stops at
        # ef_search rows before filtering, so a filtered search reads every row instead
        exact = bool(params) and not self._iterative_scan

        def read(conn: Conn) -> list[tuple[Any, ...]]:
            conn.execute(
                "SELECT set_config('hnsw.ef_search', %s, true),"
                " set_config('enable_seqscan', %s, true), set_config('enable_indexscan', %s, true)"
                + (
                    ", set_config('hnsw.iterative_scan', 'strict_order', true)"
                    if self._iterative_scan
                    else ""
                ),
                [str(ef_search), "on" if exact else "off", "off" if exact else "on"],
            )
            return conn.execute(statement, values).fetchall()

        rows = self._pool.run(read)
        # (id, slot, keyword score or NULL, cosine, on the dense side, payload)
        keyword = sorted((r for r in rows if r[2] is not None), key=lambda r: (-r[2], r[1]))
        dense = sorted((r for r in rows if r[4]), key=lambda r: (-r[3], r[1]))
        keyword_rank = {r[0]: i for i, r in enumerate(keyword, start=1)}
        dense_rank = {r[0]: i for i, r in enumerate(dense, start=1)}
        return [
            Hit(
                id=r[0],
                keyword=float(r[2]) if r[2] is not None else 0.0,
                keyword_rank=keyword_rank.get(r[0]),
                dense=float(r[3]),
                dense_rank=dense_rank.get(r[0]),
                payload=r[5],
            )
            for r in [*dense, *(r for r in keyword if not r[4])]
        ]

    # ---- the statement -------------------------------------------------------------------

    def _search_statement(
        self,
        terms: list[str],
        vector: str | None,
        where: sql.Composable,
        params: list[Any],
        depth: int,
    ) -> tuple[sql.Composed, list[Any]]:
        """One statement for both sides: the `depth` best documents by BM25 over the query's
        postings and the `depth` nearest by cosine through the HNSW index, each with its
        payload, and the cosine of every keyword-only hit."""
        text = (
            "WITH stats AS (SELECT documents, CASE WHEN tokens > 0 THEN tokens::float8"
            " / documents ELSE 1 END AS average FROM {registry} WHERE name = %s)"
        )
        values: list[Any] = [self.name]
        if terms:
            # the embedded engine's stop list: in a large corpus the rarest words carry the
            # query, and words in over half the documents are left out
            text += """,
            query AS (
                SELECT t.term, t.id,
                    ln(1 + (s.documents - t.df + 0.5::float8) / (t.df + 0.5::float8)) AS idf
                FROM unnest(%s::text[]) WITH ORDINALITY AS w(term, i)
                JOIN {terms} t ON t.term = w.term CROSS JOIN stats s
                WHERE t.df > 0 AND (s.documents < {min_docs} OR t.df <= {share}::float8 * s.documents)
                ORDER BY t.df, w.i
                LIMIT (SELECT CASE WHEN documents >= {min_docs} THEN {max_terms} END FROM stats)
            ),
            candidates AS (
                SELECT w.slot FROM {weights} w WHERE true {restrict_w}
                ORDER BY w.weights <#> (
                    SELECT ('{{' || string_agg(q.id || ':' || q.idf::real, ',' ORDER BY q.id)
                        || '}}/{dimensions}')::sparsevec FROM query q
                )
                LIMIT %s
            ),
            keyword AS ((
                SELECT p.slot, {score} AS score
                FROM query q JOIN {postings} p ON p.term = q.term
                WHERE (SELECT documents FROM stats) < {min_docs} {restrict_p}
                GROUP BY p.slot ORDER BY score DESC, p.slot LIMIT %s
            ) UNION ALL (
                -- each candidate's postings of the query's terms: one index probe per pair
                SELECT c.slot, x.score FROM candidates c CROSS JOIN LATERAL (
                    SELECT {score} AS score FROM query q
                    JOIN {postings} p ON p.term = q.term AND p.slot = c.slot
                ) x
                WHERE (SELECT documents FROM stats) >= {min_docs} AND x.score IS NOT NULL
                ORDER BY x.score DESC, c.slot LIMIT %s
            ))"""
            values += [terms, *params, CANDIDATES_PER_RESULT * depth, *params, depth, depth]
        else:
            text += ", keyword AS (SELECT NULL::bigint AS slot, NULL::float8 AS score LIMIT 0)"
        if vector is not None:
            text += """,
            dense AS (
                SELECT d.slot, 1 - (d.embedding <=> %s::vector) AS cosine FROM {docs} d
                WHERE true {where} ORDER BY d.embedding <=> %s::vector LIMIT %s
            )"""
            values += [vector, *params, vector, depth]
            cosine = "coalesce(n.cosine, 1 - (d.embedding <=> %s::vector))"
            values.append(vector)
        else:
            text += ", dense AS (SELECT NULL::bigint AS slot, NULL::float8 AS cosine LIMIT 0)"
            cosine = "0::float8"
        text += f"""
            SELECT d.id, d.slot, k.score, {cosine}, n.slot IS NOT NULL, d.payload
            FROM (SELECT slot FROM keyword UNION SELECT slot FROM dense) u
            JOIN {{docs}} d ON d.slot = u.slot
            LEFT JOIN keyword k ON k.slot = u.slot
            LEFT JOIN dense n ON n.slot = u.slot"""

        def restrict(alias: str) -> sql.Composable:
            if not params:
                return sql.SQL("")
            return sql.SQL("AND {}.slot IN (SELECT d.slot FROM {} d WHERE true {})").format(
                sql.Identifier(alias), self._docs, where
            )

        statement = sql.SQL(text).format(
            registry=self._registry,
            terms=self._terms,
            postings=self._postings,
            docs=self._docs,
            where=where,
            weights=self._weights,
            restrict_p=restrict("p"),
            restrict_w=restrict("w"),
            dimensions=sql.SQL(str(SPARSE_DIMENSIONS)),
            score=sql.SQL(
                "sum(q.idf * p.tf * {k1_1} / (p.tf + {k1} * ({one_b} + {b} * p.length"
                " / (SELECT average FROM stats))))"
            ).format(**_BM25),
            min_docs=sql.Literal(COMMON_TERM_MIN_DOCS),
            share=sql.Literal(COMMON_TERM_SHARE),
            max_terms=sql.Literal(MAX_QUERY_TERMS),
            **_BM25,
        )
        return statement, values

    # ---- bookkeeping ---------------------------------------------------------------------

    def _stats(self, conn: Conn | None = None) -> tuple[int, int]:
        def read(c: Conn) -> tuple[int, int]:
            row = c.execute(
                sql.SQL("SELECT documents, tokens FROM {} WHERE name = %s").format(self._registry),
                [self.name],
            ).fetchone()
            return (0, 0) if row is None else (int(row[0]), int(row[1]))

        return read(conn) if conn is not None else self._pool.run(read)

    def _lock_registry(self, conn: Conn) -> None:
        """One writer per index at a time: the statistics stay exact."""
        conn.execute(
            sql.SQL("SELECT 1 FROM {} WHERE name = %s FOR UPDATE").format(self._registry),
            [self.name],
        )

    def _remove(self, conn: Conn, ids: list[str]) -> tuple[int, int]:
        """Delete these documents, their postings and their share of each term's document
        frequency; returns how many documents there were and their tokens."""
        row = conn.execute(
            sql.SQL(
                """WITH gone AS (DELETE FROM {docs} WHERE id = ANY(%s) RETURNING slot, length),
                dropped AS (
                    DELETE FROM {postings} p USING gone g WHERE p.slot = g.slot RETURNING p.term
                ),
                counted AS (SELECT term, count(*) AS n FROM dropped GROUP BY term),
                lowered AS (
                    UPDATE {terms} t SET df = t.df - c.n FROM counted c WHERE t.term = c.term
                ),
                unweighted AS (DELETE FROM {weights} w USING gone g WHERE w.slot = g.slot)
                SELECT count(*), coalesce(sum(length), 0) FROM gone"""
            ).format(
                docs=self._docs, postings=self._postings, terms=self._terms, weights=self._weights
            ),
            [ids],
        ).fetchone()
        assert row is not None
        return int(row[0]), int(row[1])

    def _write_weights(self, conn: Conn, slots: list[int]) -> None:
        """The cached BM25 weights of these new documents, or of every document when the mean
        length has drifted from the reference (which then becomes the mean length). A small
        index (below COMMON_TERM_MIN_DOCS documents) keeps none: its searches score all
        postings. DELETE, not TRUNCATE, so that searches never wait for a rebuild."""
        row = conn.execute(
            sql.SQL(
                "SELECT average, CASE WHEN tokens > 0 THEN tokens::float8 / documents ELSE 1 END,"
                " documents FROM {} WHERE name = %s"
            ).format(self._registry),
            [self.name],
        ).fetchone()
        assert row is not None
        reference, average, documents = row
        if documents < COMMON_TERM_MIN_DOCS:
            if reference is not None:
                conn.execute(sql.SQL("DELETE FROM {}").format(self._weights))
                conn.execute(
                    sql.SQL("UPDATE {} SET average = NULL WHERE name = %s").format(self._registry),
                    [self.name],
                )
            return
        if reference is None or abs(average - reference) > WEIGHTS_DRIFT * reference:
            reference = average
            conn.execute(
                sql.SQL("UPDATE {} SET average = %s WHERE name = %s").format(self._registry),
                [reference, self.name],
            )
            conn.execute(sql.SQL("DELETE FROM {}").format(self._weights))
            only = sql.SQL("")
            params: list[Any] = [reference]
        else:
            only = sql.SQL("WHERE p.slot = ANY(%s)")
            params = [reference, slots]
        conn.execute(
            sql.SQL(
                """INSERT INTO {weights} (slot, weights)
                SELECT p.slot, ('{{' || string_agg(t.id || ':' || (p.tf * {k1_1} / (p.tf + {k1}
                    * ({one_b} + {b} * p.length / %s::float8)))::real, ',' ORDER BY t.id)
                    || '}}/{dimensions}')::sparsevec
                FROM {postings} p JOIN {terms} t ON t.term = p.term {only}
                GROUP BY p.slot"""
            ).format(
                weights=self._weights,
                postings=self._postings,
                terms=self._terms,
                only=only,
                dimensions=sql.SQL(str(SPARSE_DIMENSIONS)),
                **_BM25,
            ),
            params,
        )

    def _count(self, conn: Conn, documents: int, tokens: int) -> None:
        conn.execute(
            sql.SQL(
                "UPDATE {} SET documents = documents + %s, tokens = tokens + %s WHERE name = %s"
            ).format(self._registry),
            [documents, tokens, self.name],
        )
