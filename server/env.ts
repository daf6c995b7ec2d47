// The Hono environment every route and middleware shares: who is calling, and the request's id and logger.
import type { Logger } from 'pino';

export type Role = 'admin' | 'author' | 'client';

/** The caller, resolved from the API key. Every read and write is scoped to `tenant`. */
export interface Principal {
  readonly tenant: string;
  readonly role: Role;
  readonly keyId: string;
}

export type AppEnv = {
  Variables: {
    requestId: string;
    log: Logger;
    principal: Principal;
    /** The request body, read within its size limit (POST, PUT, PATCH under /v1). */
    bodyText: string | undefined;
  };
};
