// Configuration errors are read by whoever starts the server: they name the variable and say
// what it must be, in the words the API's 400s use.
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../server/config.ts';

describe('configuration from the environment', () => {
  it('a bad setting names the variable and what it must be, every bad one at once', () => {
    expect(() => configFromEnv({ ACCRUE_DEMO_KEY: 'abc', PORT: 'x', LOG_LEVEL: 'loud' })).toThrow(
      'configuration: PORT must be a number; LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; ACCRUE_DEMO_KEY must be at least 8 characters long',
    );
  });

  it('an empty variable counts as unset: its default applies', () => {
    expect(configFromEnv({ PORT: '', ACCRUE_DEMO_KEY: '' })).toMatchObject({ PORT: 8080 });
  });
});
