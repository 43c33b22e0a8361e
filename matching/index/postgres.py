"""The PostgreSQL engine: full text over our own tokens and pgvector's HNSW, through psycopg 3.

Each index has its own table (`<schema>.<name>_documents`: id, payload as JSONB, the jieba tokens
as text, their count, a tsvector and a `vector(dimension)`) and a row in `<schema>.indexes` (its
dimension, how many documents and tokens it holds). The schema (`scenariohub_search` unless told)
keeps these tables out of the platform's own, so Alembic never sees them even when both share a
database. The constructor creates what is missing, `CREATE EXTENSION IF NOT EXISTS vector`
included, and raises `PgvectorMissing` with the reason when pgvector cannot be had.

Keyword side. The tsvector is written lexeme for lexeme from the tokenizer's tokens (the same
tokens as the other engines), each with its positions in the text. Not `to_tsvector('simple',
…)`: PostgreSQL's parser would run over our tokens again and split what has punctuation inside
(`car-t` adds `car` and `t`, `c++` becomes `c`), so a lexeme would not always be one of our
tokens, and what a query finds would hang on the server's parser; written directly, a lexeme is
exactly a token and a query term matches exactly the documents that hold it. A GIN index finds the documents holding any query
term; they are ranked by BM25 (k1 1.2, b 0.75, the embedded engine's formula and its stop list
of common terms in large corpora), computed in SQL from each term's positions (tf), the stored
lengths, the document count and mean length kept in `indexes`, and each term's document count
from the GIN index. Not `ts_rank_cd`: it has no idf (a rare word weighs as much as a common one)
and scores cover density, so its scale and order differ from the BM25 that fusion
(`matching.ranking.fusion`) was calibrated on; with BM25 the engines rank alike.

Dense side. An HNSW index with cosine distance (`<=>`; cosine = 1 − distance) on `vector`:
float32, exact cosines (the embedded engine rounds its stored rows to bfloat16, about 1e-4 of a
512-dimension cosine); `halfvec` would halve the table and the graph at float16's precision. Filters and exclusions are part of
the query; pgvector 0.8+ scans the graph on until enough rows pass them (`iterative_scan`).

Writes of one index are serialised (its row in `indexes` is locked) and commit at once, so
`flush` has nothing to do. Connections are pooled; one lost with the server (a restart, an
idle connection cut) is replaced and the call tried once more, otherwise the error comes back
as `PostgresUnavailable`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
from psycopg import sql
from psycopg.types.json import Jsonb

from matching.index.base import Hit, IndexDoc, Payload, Query, Vector
from matching.index.embedded import (
    COMMON_TERM_MIN_DOCS,
    COMMON_TERM_SHARE,
    DEPTH_MIN,
    DEPTH_PER_RESULT,
    MAX_QUERY_TERMS,
)
from matching.index.pgsql import (
    Conn,
    Pool,
    ensure_pgvector,
    lexeme,
    restriction,
    tsvector,
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
# 95%, 1000 99%; the keyword side costs far more than the difference
EF_SEARCH_MIN, EF_SEARCH_MAX = 400, 1000
POOL_SIZE = 8


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
        are plain lower-case identifiers. An index made for another dimension (another model)
        is emptied and made anew: the caller reindexes, as with the embedded engine."""
        for label, value in (("name", name), ("schema", schema)):
            if not _NAME.match(value):
                raise ValueError(f"index {label} {value!r}: lower-case letters, digits and _")
        self.name = name
        self.schema = schema
        self.dimension = dimension
        self.tokenizer = tokenizer or default_tokenizer()
        self._pool = Pool(url, pool_size, connect_timeout)
        self._docs = sql.Identifier(schema, f"{name}_documents")
        self._registry = sql.Identifier(schema, "indexes")
        self._iterative_scan = False
        self._ensure_tables()

    def close(self) -> None:
        """Close the pooled connections (a later call opens new ones)."""
        self._pool.close()

    # ---- set-up --------------------------------------------------------------------------

    def _ensure_tables(self) -> None:
        def create(conn: Conn) -> None:
            # one set-up at a time in this database: two processes starting together would
            # otherwise race on CREATE EXTENSION / CREATE TABLE IF NOT EXISTS
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('scenariohub_search_setup'))")
            version = ensure_pgvector(conn)
            self._iterative_scan = version_tuple(version) >= (0, 8)
            conn.execute(
                sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(self.schema))
            )
            conn.execute(
                sql.SQL(
                    "CREATE TABLE IF NOT EXISTS {} (name text PRIMARY KEY, dimension integer NOT"
                    " NULL, documents bigint NOT NULL DEFAULT 0, tokens bigint NOT NULL DEFAULT 0)"
                ).format(self._registry)
            )
            row = conn.execute(
                sql.SQL("SELECT dimension FROM {} WHERE name = %s").format(self._registry),
                [self.name],
            ).fetchone()
            if row is not None and row[0] != self.dimension:
                conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(self._docs))
                conn.execute(
                    sql.SQL("DELETE FROM {} WHERE name = %s").format(self._registry), [self.name]
                )
            conn.execute(
                sql.SQL(
                    "INSERT INTO {} (name, dimension) VALUES (%s, %s) ON CONFLICT (name) DO NOTHING"
                ).format(self._registry),
                [self.name, self.dimension],
            )
            # `slot` orders the documents as they were written: ties rank as in the embedded index
            conn.execute(
                sql.SQL(
                    """CREATE TABLE IF NOT EXISTS {docs} (
                        slot bigint GENERATED ALWAYS AS IDENTITY,
                        id text PRIMARY KEY,
                        payload jsonb NOT NULL,
                        tokens text NOT NULL,
                        length integer NOT NULL,
                        lexemes tsvector NOT NULL,
                        embedding vector({dimension}) NOT NULL
                    )"""
                ).format(docs=self._docs, dimension=sql.Literal(self.dimension))
            )
            table = f"{self.name}_documents"
            for suffix, method in (
                ("lexemes", "gin (lexemes)"),
                ("embedding", "hnsw (embedding vector_cosine_ops)"),
                ("payload", "gin (payload jsonb_path_ops)"),
            ):
                conn.execute(
                    sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} USING {}").format(
                        sql.Identifier(f"{table}_{suffix}"), self._docs, sql.SQL(method)
                    )
                )

        self._pool.run(create)

    # ---- protocol ------------------------------------------------------------------------

    def upsert(self, docs: Sequence[IndexDoc]) -> None:
        latest = {d.id: d for d in docs}  # the same id twice: the last one counts
        if not latest:
            return
        rows = []
        for doc in latest.values():
            tokens = self.tokenizer.tokens(doc.text)
            rows.append(
                (
                    doc.id,
                    Jsonb(dict(doc.payload)),
                    " ".join(tokens),
                    len(tokens),
                    tsvector(tokens),
                    vector_text(doc.vector),
                )
            )

        def write(conn: Conn) -> None:
            self._lock_registry(conn)
            gone = self._remove(conn, list(latest))
            with conn.cursor() as cur:
                cur.executemany(
                    sql.SQL(
                        "INSERT INTO {} (id, payload, tokens, length, lexemes, embedding)"
                        " VALUES (%s, %s, %s, %s, %s::tsvector, %s::vector)"
                    ).format(self._docs),
                    rows,
                )
            added = sum(r[3] for r in rows)
            self._count(conn, len(rows) - gone[0], added - gone[1])

        self._pool.run(write)

    def delete(self, ids: Sequence[str]) -> None:
        if not ids:
            return

        def write(conn: Conn) -> None:
            self._lock_registry(conn)
            documents, tokens = self._remove(conn, list(ids))
            self._count(conn, -documents, -tokens)

        self._pool.run(write)

    def clear(self) -> None:
        def write(conn: Conn) -> None:
            self._lock_registry(conn)
            conn.execute(sql.SQL("TRUNCATE {} RESTART IDENTITY").format(self._docs))
            conn.execute(
                sql.SQL("UPDATE {} SET documents = 0, tokens = 0 WHERE name = %s").format(
                    self._registry
                ),
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
        """Which query terms each document contains, read from its stored lexemes."""
        if not terms or not doc_ids:
            return {}
        rows = self._pool.run(
            lambda conn: conn.execute(
                sql.SQL(
                    "SELECT id, ARRAY(SELECT u.lexeme FROM unnest(lexemes) u"
                    " WHERE u.lexeme = ANY(%s)) FROM {} WHERE id = ANY(%s)"
                ).format(self._docs),
                [list(terms), list(doc_ids)],
            ).fetchall()
        )
        out: dict[str, tuple[str, ...]] = {}
        for doc_id, found in rows:
            own = set(found)
            matched = tuple(t for t in terms if t in own)
            if matched:
                out[doc_id] = matched
        return out

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

        def read(conn: Conn) -> list[Hit]:
            # one snapshot for the statistics and both sides
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            documents, tokens = self._stats(conn)
            if documents == 0:
                return []
            keyword = self._keyword_side(conn, terms, documents, tokens, where, params, depth)
            dense: list[tuple[str, float, Payload]] = []
            if vector is not None:
                dense = self._dense_side(conn, vector, where, params, depth)
            payloads = {doc_id: payload for doc_id, _, payload in [*keyword, *dense]}
            cosine = {doc_id: score for doc_id, score, _ in dense}
            others = [doc_id for doc_id, _, _ in keyword if doc_id not in cosine]
            if vector is not None and others:
                cosine.update(self._cosines(conn, vector, others))
            keyword_score = {doc_id: score for doc_id, score, _ in keyword}
            keyword_rank = {doc_id: r for r, (doc_id, _, _) in enumerate(keyword, start=1)}
            dense_rank = {doc_id: r for r, (doc_id, _, _) in enumerate(dense, start=1)}
            return [
                Hit(
                    id=doc_id,
                    keyword=keyword_score.get(doc_id, 0.0),
                    keyword_rank=keyword_rank.get(doc_id),
                    dense=cosine.get(doc_id, 0.0),
                    dense_rank=dense_rank.get(doc_id),
                    payload=payloads[doc_id],
                )
                for doc_id in dict.fromkeys([d for d, _, _ in dense] + [k for k, _, _ in keyword])
            ]

        return self._pool.run(read)

    # ---- the two sides -------------------------------------------------------------------

    def _keyword_side(
        self,
        conn: Conn,
        terms: list[str],
        documents: int,
        tokens: int,
        where: sql.Composable,
        params: list[Any],
        depth: int,
    ) -> list[tuple[str, float, Payload]]:
        """The `depth` best documents by BM25, best first: (id, score, payload)."""
        if not terms:
            return []
        # each term's document count, from the GIN index (over all documents, as idf wants)
        counts = conn.execute(
            sql.SQL(
                "SELECT (SELECT count(*) FROM {} d WHERE d.lexemes @@ t.q)"
                " FROM unnest(%s::tsquery[]) WITH ORDINALITY AS t(q, i) ORDER BY t.i"
            ).format(self._docs),
            [[lexeme(t) for t in terms]],
        ).fetchall()
        found = [(t, int(c)) for t, (c,) in zip(terms, counts, strict=True) if c]
        if documents >= COMMON_TERM_MIN_DOCS:
            # the embedded engine's stop list: the rarest words carry the query
            found = [(t, df) for t, df in found if df <= COMMON_TERM_SHARE * documents]
            found = sorted(found, key=lambda x: x[1])[:MAX_QUERY_TERMS]
        if not found:
            return []
        idf = [math.log(1.0 + (documents - df + 0.5) / (df + 0.5)) for _, df in found]
        average = tokens / documents if tokens > 0 else 1.0
        # setweight marks the query's lexemes, ts_filter keeps only those: each document's
        # query terms with their positions, without unnesting all its lexemes
        statement = sql.SQL(
            """WITH query(term, idf) AS (SELECT * FROM unnest(%s::text[], %s::float8[])),
            scored AS (
                SELECT d.id, d.slot, sum(
                    q.idf * t.tf * {k1_1} / (t.tf + {k1} * (1 - {b} + {b} * d.length / %s::float8))
                ) AS score
                FROM {docs} d
                CROSS JOIN LATERAL (
                    SELECT u.lexeme, coalesce(cardinality(u.positions), 1) AS tf
                    FROM unnest(ts_filter(setweight(d.lexemes, 'A', %s::text[]), '{{a}}')) u
                ) t
                JOIN query q ON q.term = t.lexeme
                WHERE d.lexemes @@ %s::tsquery {where}
                GROUP BY d.id, d.slot
                ORDER BY score DESC, d.slot
                LIMIT %s
            )
            SELECT s.id, s.score, d.payload FROM scored s JOIN {docs} d ON d.id = s.id
            ORDER BY s.score DESC, s.slot"""
        ).format(
            docs=self._docs,
            k1=sql.Literal(K1),
            k1_1=sql.Literal(K1 + 1.0),
            b=sql.Literal(B),
            where=where,
        )
        words = [t for t, _ in found]
        any_word = " | ".join(lexeme(t) for t in words)
        rows = conn.execute(
            statement, [words, idf, average, words, any_word, *params, depth]
        ).fetchall()
        return [(doc_id, float(score), payload) for doc_id, score, payload in rows]

    def _dense_side(
        self,
        conn: Conn,
        vector: str,
        where: sql.Composable,
        params: list[Any],
        depth: int,
    ) -> list[tuple[str, float, Payload]]:
        """The `depth` nearest documents by cosine, nearest first: (id, cosine, payload)."""
        ef_search = min(EF_SEARCH_MAX, max(EF_SEARCH_MIN, 2 * depth))
        conn.execute("SELECT set_config('hnsw.ef_search', %s, true)", [str(ef_search)])
        if self._iterative_scan:
            conn.execute("SELECT set_config('hnsw.iterative_scan', 'strict_order', true)")
        elif params:
            # an older pgvector stops at ef_search rows before filtering: read them all instead
            conn.execute("SELECT set_config('enable_indexscan', 'off', true)")
        rows = conn.execute(
            sql.SQL(
                "SELECT d.id, 1 - (d.embedding <=> %s::vector), d.payload FROM {} d"
                " WHERE true {} ORDER BY d.embedding <=> %s::vector LIMIT %s"
            ).format(self._docs, where),
            [vector, *params, vector, depth],
        ).fetchall()
        return [(doc_id, float(cosine), payload) for doc_id, cosine, payload in rows]

    def _cosines(self, conn: Conn, vector: str, ids: list[str]) -> dict[str, float]:
        rows = conn.execute(
            sql.SQL("SELECT id, 1 - (embedding <=> %s::vector) FROM {} WHERE id = ANY(%s)").format(
                self._docs
            ),
            [vector, ids],
        ).fetchall()
        return {doc_id: float(cosine) for doc_id, cosine in rows}

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
        """Delete these documents; returns how many there were and their tokens."""
        row = conn.execute(
            sql.SQL(
                "WITH gone AS (DELETE FROM {} WHERE id = ANY(%s) RETURNING length)"
                " SELECT count(*), coalesce(sum(length), 0) FROM gone"
            ).format(self._docs),
            [ids],
        ).fetchone()
        assert row is not None
        return int(row[0]), int(row[1])

    def _count(self, conn: Conn, documents: int, tokens: int) -> None:
        conn.execute(
            sql.SQL(
                "UPDATE {} SET documents = documents + %s, tokens = tokens + %s WHERE name = %s"
            ).format(self._registry),
            [documents, tokens, self.name],
        )
