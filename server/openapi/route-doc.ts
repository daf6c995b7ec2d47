// How a route describes itself for the OpenAPI document: the same zod schemas that validate it.
import type { z } from 'zod';
import type { Role } from '../env.ts';
import type { ProblemSlug } from '../problem.ts';

export interface RouteDoc {
  readonly method: 'get' | 'post';
  /** OpenAPI style: `/v1/transactions/{id}`. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  /** Least role allowed; null: no API key needed. */
  readonly role: Role | null;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly headers?: z.ZodObject;
  readonly body?: z.ZodType;
  /** The body may be left out (the route reads it only when there is one). */
  readonly bodyOptional?: boolean;
  readonly responses: Readonly<Record<number, { readonly description: string; readonly schema?: z.ZodType; readonly contentType?: string }>>;
  /** Problem types this route can answer besides the ones every authenticated route can. */
  readonly problems: readonly ProblemSlug[];
}
