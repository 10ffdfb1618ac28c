import { describe, expect, it } from 'vitest';
import { ConfigError, describeThrown, InputError } from '../src/errors.js';

describe('GuardrailsError', () => {
  it('formats file, line, column and hint on one line', () => {
    const error = new ConfigError('`max_drp` is not a metrics check', {
      file: '.github/ml-guardrails.yml',
      line: 12,
      column: 7,
      hint: 'did you mean `max_drop`?',
    });
    expect(error.toOneLine()).toBe('.github/ml-guardrails.yml:12:7: `max_drp` is not a metrics check (did you mean `max_drop`?)');
    expect(error.kind).toBe('config');
    expect(error.name).toBe('ConfigError');
  });

  it('describes things thrown that are not Errors without echoing them', () => {
    expect(describeThrown({ headers: { authorization: 'token abc' } })).toBe('an unknown error was thrown');
    expect(describeThrown(new InputError('bad', { file: 'a.json' }))).toBe('a.json: bad');
  });
});
