// Bodies of the program-version routes.
import { z } from 'zod';
import { isStorableText, ProgramName } from './common.ts';

export const ProgramParams = z.object({ name: ProgramName });
/** Version numbers are Postgres `integer`s: one past 2^31 - 1 would fail in the query, not be "not found". */
export const VersionParams = z.object({ name: ProgramName, v: z.coerce.number().int().positive().max(2_147_483_647) });

export const SOURCE_MAX = 512 * 1024;

export const UploadRequest = z.strictObject({
  source: z.string().min(1).max(SOURCE_MAX).refine(isStorableText, 'must be text without NUL characters or unpaired surrogates').describe('The program text'),
}).meta({ id: 'UploadRequest' });

export const DiagnosticSchema = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  code: z.string(),
  message: z.string(),
  hint: z.string().optional(),
  line: z.number().int(),
  column: z.number().int(),
  length: z.number().int(),
  offset: z.number().int(),
}).meta({ id: 'Diagnostic' });

export const VersionSummary = z.object({
  program: z.string(),
  version: z.number().int(),
  label: z.string().describe('`name@version`, as outcomes name it'),
  status: z.enum(['draft', 'invalid', 'live', 'retired']),
  hash: z.string(),
  author: z.string().nullable(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  errors: z.number().int(),
  warnings: z.number().int(),
}).meta({ id: 'VersionSummary' });

export const VersionDetail = VersionSummary.extend({
  source: z.string(),
  diagnostics: z.array(DiagnosticSchema),
}).meta({ id: 'VersionDetail' });

export const VersionList = z.object({
  program: z.string(),
  live: z.number().int().nullable(),
  versions: z.array(VersionSummary),
}).meta({ id: 'VersionList' });

export const NewApiKeyRequest = z.strictObject({
  role: z.enum(['admin', 'author', 'client']),
  name: z.string().min(1).max(100).refine(isStorableText, 'must be text without NUL characters or unpaired surrogates'),
}).meta({ id: 'NewApiKeyRequest' });

export const NewApiKeyResponse = z.object({
  id: z.string(),
  key: z.string().describe('Shown once; only its hash is stored'),
  tenant: z.string(),
  role: z.enum(['admin', 'author', 'client']),
  name: z.string(),
}).meta({ id: 'NewApiKey' });
