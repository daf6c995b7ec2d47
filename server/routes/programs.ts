// Program versions: upload (diagnostics or a compiled draft), list, read, publish, roll back.
// Publishing swaps the live program on this instance at once and tells every other instance.
import { Hono } from 'hono';
import { createHash } from 'node:crypto';
import { hasErrors } from '../../grammar/diagnostics.ts';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { requireRole } from '../middleware/auth.ts';
import type { RouteDoc } from '../openapi/route-doc.ts';
import { ApiError } from '../problem.ts';
import { versionLabel } from '../programs/live.ts';
import { detail, summary } from '../programs/render.ts';
import { ProgramParams, UploadRequest, VersionDetail, VersionList, VersionParams } from '../schemas/programs.ts';
import { zv } from '../validate.ts';

export const programDocs: RouteDoc[] = [
  {
    method: 'post', path: '/v1/programs/{name}/versions', tag: 'Programs', role: 'author',
    summary: 'Upload a program version',
    description: 'Compiles the source. Clean: a draft version, ready to publish. With errors: an `invalid` version carrying its diagnostics (it can never be published). Either way the version is stored and numbered.',
    params: ProgramParams, body: UploadRequest,
    responses: { 201: { description: 'The stored version with its diagnostics', schema: VersionDetail } },
    problems: ['validation-error', 'invalid-json'],
  },
  {
    method: 'get', path: '/v1/programs/{name}/versions', tag: 'Programs', role: 'author',
    summary: 'List the versions of a program', params: ProgramParams,
    responses: { 200: { description: 'Every version, newest first', schema: VersionList } }, problems: ['not-found'],
  },
  {
    method: 'get', path: '/v1/programs/{name}/versions/{v}', tag: 'Programs', role: 'author',
    summary: 'One version: source and diagnostics', params: VersionParams,
    responses: { 200: { description: 'The version', schema: VersionDetail } }, problems: ['not-found', 'validation-error'],
  },
  {
    method: 'post', path: '/v1/programs/{name}/versions/{v}/publish', tag: 'Programs', role: 'author',
    summary: 'Publish a clean version: it goes live on every instance',
    params: VersionParams,
    responses: { 200: { description: 'The version, now live', schema: VersionDetail } },
    problems: ['not-found', 'program-not-publishable', 'validation-error'],
  },
  {
    method: 'post', path: '/v1/programs/{name}/rollback', tag: 'Programs', role: 'author',
    summary: 'Make the previously published version live again', params: ProgramParams,
    responses: { 200: { description: 'The version now live', schema: VersionDetail } },
    problems: ['not-found', 'nothing-to-roll-back'],
  },
];

export function programRoutes(deps: AppDeps) {
  const notify = async (tenant: string, program: string, version: number) => {
    await deps.bus.publish({ tenant, program, version }).catch((error) => deps.logger.error({ err: error }, 'reload notice not sent; other instances resync'));
  };
  return new Hono<AppEnv>()
    .post('/programs/:name/versions', requireRole('author'), zv('param', ProgramParams), zv('json', UploadRequest), async (c) => {
      const { tenant, keyId } = c.get('principal');
      const { name } = c.req.valid('param');
      const { source } = c.req.valid('json');
      const existing = await deps.versions.list(tenant, name);
      const next = (existing[0]?.version ?? 0) + 1;
      const { program, diagnostics } = deps.compile(source, { version: versionLabel(name, next) });
      const clean = program !== undefined && !hasErrors(diagnostics);
      const record = await deps.versions.create(tenant, name, {
        source, hash: createHash('sha256').update(source).digest('hex'), diagnostics,
        status: clean ? 'draft' : 'invalid', author: keyId,
      });
      // Compiled under `next`: kept unless a concurrent upload took that number.
      if (clean) deps.programs.prepare(record, program);
      return c.json(detail(record), 201);
    })
    .get('/programs/:name/versions', requireRole('author'), zv('param', ProgramParams), async (c) => {
      const { name } = c.req.valid('param');
      const versions = await deps.versions.list(c.get('principal').tenant, name);
      if (versions.length === 0) throw new ApiError('not-found', `No program ${name}.`);
      return c.json({ program: name, live: versions.find((v) => v.status === 'live')?.version ?? null, versions: versions.map(summary) }, 200);
    })
    .get('/programs/:name/versions/:v', requireRole('author'), zv('param', VersionParams), async (c) => {
      const { name, v } = c.req.valid('param');
      const record = await deps.versions.get(c.get('principal').tenant, name, v);
      if (!record) throw new ApiError('not-found', `No version ${v} of program ${name}.`);
      return c.json(detail(record), 200);
    })
    .post('/programs/:name/versions/:v/publish', requireRole('author'), zv('param', VersionParams), async (c) => {
      const { tenant } = c.get('principal');
      const { name, v } = c.req.valid('param');
      const record = await deps.versions.get(tenant, name, v);
      if (!record) throw new ApiError('not-found', `No version ${v} of program ${name}.`);
      if (record.status === 'invalid' || hasErrors(record.diagnostics) || !deps.programs.prepare(record)) {
        throw new ApiError('program-not-publishable', `Version ${v} of ${name} has errors; fix them and upload a new version.`, { version: v });
      }
      const published = await deps.versions.publish(tenant, name, v);
      deps.programs.activate(published);
      await notify(tenant, name, v);
      return c.json(detail(published), 200);
    })
    .post('/programs/:name/rollback', requireRole('author'), zv('param', ProgramParams), async (c) => {
      const { tenant } = c.get('principal');
      const { name } = c.req.valid('param');
      const versions = await deps.versions.list(tenant, name);
      if (versions.length === 0) throw new ApiError('not-found', `No program ${name}.`);
      const live = await deps.versions.rollback(tenant, name);
      if (!live) throw new ApiError('nothing-to-roll-back', `Program ${name} has no earlier published version.`);
      deps.programs.activate(live);
      await notify(tenant, name, live.version);
      return c.json(detail(live), 200);
    });
}
