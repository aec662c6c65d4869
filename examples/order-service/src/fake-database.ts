import { setTimeout as sleep } from 'node:timers/promises';
import { SpanKind } from '@spool/api';
import type { Tracer } from '@spool/api';
import {
  ATTR_DB_COLLECTION_NAME,
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_SYSTEM_NAME,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  DB_SYSTEM_NAME_VALUE_POSTGRESQL,
} from '@spool/semconv';

/** One statement, described the way the database semantic conventions want it. */
export interface Statement {
  readonly operation: string;
  readonly collection: string;
  readonly text: string;
  /** How long the pretend database takes. */
  readonly latencyMillis: number;
}

/**
 * A pretend PostgreSQL client: each query is a CLIENT span named
 * `{operation} {collection}` with the `db.*` attributes of the semantic
 * conventions (the query text keeps its `$1` placeholders, never the values).
 */
export class FakeDatabase {
  constructor(
    private readonly tracer: Tracer,
    private readonly namespace: string,
  ) {}

  async query(statement: Statement): Promise<void> {
    await this.tracer.startActiveSpan(
      `${statement.operation} ${statement.collection}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE_POSTGRESQL,
          [ATTR_DB_NAMESPACE]: this.namespace,
          [ATTR_DB_OPERATION_NAME]: statement.operation,
          [ATTR_DB_COLLECTION_NAME]: statement.collection,
          [ATTR_DB_QUERY_TEXT]: statement.text,
          [ATTR_SERVER_ADDRESS]: 'postgres.internal',
          [ATTR_SERVER_PORT]: 5432,
        },
      },
      async (span) => {
        await sleep(statement.latencyMillis);
        span.end();
      },
    );
  }
}
