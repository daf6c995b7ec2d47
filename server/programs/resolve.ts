// Which live program a transaction request runs on: the one named, else the tenant's only one.
import { ApiError } from '../problem.ts';
import type { LiveProgram, LivePrograms } from './live.ts';

/** `at`: where the request sits in a larger body (`transactions.3`), for the field a 400 names. */
export function resolveProgram(programs: LivePrograms, tenant: string, name: string | undefined, at?: string): LiveProgram {
  const found = programs.get(tenant, name);
  if (found) return found;
  if (name === undefined && programs.names(tenant).length > 1) {
    const field = at === undefined ? 'program' : `${at}.program`;
    throw new ApiError('validation-error', `${field}: required, this tenant has several live programs`, {
      errors: [{ field, message: `required: one of ${programs.names(tenant).join(', ')}` }],
    });
  }
  const names = programs.names(tenant);
  if (name === undefined) throw new ApiError('no-live-program', 'No program is live for this tenant.', { livePrograms: names });
  // A misspelt name: say which programs are live, so the fix is in the answer.
  const live = names.length === 0 ? 'No program is live for this tenant.' : `Live program${names.length === 1 ? '' : 's'}: ${names.join(', ')}.`;
  throw new ApiError('no-live-program', `Program ${name} has no live version. ${live}`, { livePrograms: names });
}
