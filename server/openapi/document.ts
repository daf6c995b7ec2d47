// The OpenAPI 3.1 document, generated from the routes' own zod schemas (z.toJSONSchema): the
// same schemas validate requests, so the document cannot drift from what the server accepts.
import { z } from 'zod';
import { PROBLEM_BASE, PROBLEMS, type ProblemSlug } from '../problem.ts';
import { ProblemSchema } from '../schemas/common.ts';
import type { RouteDoc } from './route-doc.ts';

type Json = Record<string, unknown>;

/** Problems every route with an API key can answer (and `forbidden` when it needs more than client). */
const AUTHENTICATED: ProblemSlug[] = ['unauthorized', 'rate-limited', 'internal', 'unavailable'];
const WITH_BODY: ProblemSlug[] = ['payload-too-large', 'unsupported-media-type'];

class Components {
  readonly schemas: Record<string, Json> = {};

  /** Converts a zod schema; named ones (`.meta({id})`) become components and come back as $refs. */
  convert(schema: z.ZodType, io: 'input' | 'output'): Json {
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
    const defs = (json.$defs ?? {}) as Record<string, Json>;
    delete json.$defs;
    delete json.$schema;
    for (const [id, def] of Object.entries(defs)) this.schemas[id] ??= rewrite(def) as Json;
    const id = z.globalRegistry.get(schema)?.id;
    const body = rewrite(json) as Json;
    if (id) {
      delete body.id;
      this.schemas[id] ??= body;
      return { $ref: `#/components/schemas/${id}` };
    }
    return body;
  }
}

function rewrite(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewrite);
  if (value && typeof value === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = k === '$ref' && typeof v === 'string' ? v.replace('#/$defs/', '#/components/schemas/') : rewrite(v);
    }
    return out;
  }
  return value;
}

function parameters(components: Components, where: 'path' | 'query' | 'header', object: z.ZodObject | undefined): Json[] {
  if (!object) return [];
  return Object.entries(object.shape).map(([name, schema]) => {
    const field = schema as z.ZodType;
    const optional = field.safeParse(undefined).success;
    const converted = components.convert(field, 'input');
    const description = converted.description;
    delete converted.description;
    return { name, in: where, required: where === 'path' ? true : !optional, schema: converted, ...(description ? { description } : {}) };
  });
}

export function openApiDocument(routes: readonly RouteDoc[], info: { title: string; version: string; description: string }): Json {
  const components = new Components();
  const problemRef = components.convert(ProblemSchema, 'output');
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const responses: Json = {};
    for (const [status, r] of Object.entries(route.responses)) {
      const type = r.contentType ?? 'application/json';
      responses[status] = { description: r.description, ...(r.schema ? { content: { [type]: { schema: components.convert(r.schema, 'output') } } } : r.contentType ? { content: { [type]: {} } } : {}) };
    }
    // What every route of its kind can answer, whatever it lists: a path, query or header
    // parameter that fails its schema is a 400, a body can be malformed (400), too large (413)
    // or not JSON (415), any route answers 503 while the server drains.
    const slugs = new Set<ProblemSlug>([
      ...route.problems, ...(route.role ? AUTHENTICATED : ['unavailable' as const]),
      ...(route.role && route.role !== 'client' ? ['forbidden' as const] : []),
      ...(route.params || route.query || route.headers ? ['validation-error' as const] : []),
      ...(route.body ? [...WITH_BODY, 'validation-error' as const, 'invalid-json' as const] : []),
    ]);
    const byStatus = new Map<number, ProblemSlug[]>();
    for (const slug of slugs) byStatus.set(PROBLEMS[slug].status, [...(byStatus.get(PROBLEMS[slug].status) ?? []), slug]);
    for (const [status, list] of [...byStatus].sort((a, b) => a[0] - b[0])) {
      responses[String(status)] ??= {
        description: list.map((s) => `\`${s}\``).join(', '),
        content: { 'application/problem+json': { schema: problemRef } },
      };
    }
    const operation: Json = {
      operationId: `${route.method}${route.path.replace(/[{}]/g, '').split(/[/.-]/).map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('')}`,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      ...(route.role ? { security: [{ apiKey: [] }], 'x-accrue-role': route.role } : { security: [] }),
      parameters: [
        ...parameters(components, 'path', route.params),
        ...parameters(components, 'query', route.query),
        ...parameters(components, 'header', route.headers),
      ],
      ...(route.body ? { requestBody: { required: !route.bodyOptional, content: { 'application/json': { schema: components.convert(route.body, 'input') } } } } : {}),
      responses,
    };
    (paths[route.path] ??= {})[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info,
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/' }],
    tags: [
      { name: 'Transactions', description: 'Quote, post, refund' },
      { name: 'Customers', description: 'Balances, history, lots, redemptions' },
      { name: 'Programs', description: 'Versions, publish, roll back' },
      { name: 'Access', description: 'API keys' },
      { name: 'Operations', description: 'Health, metrics, this document' },
    ],
    paths,
    components: {
      schemas: components.schemas,
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An Accrue API key: `Authorization: Bearer acr_…`. Roles: client < author < admin, scoped to one tenant.' } },
    },
    'x-problem-types': Object.fromEntries(Object.entries(PROBLEMS).map(([slug, p]) => [PROBLEM_BASE + slug, p])),
  };
}
