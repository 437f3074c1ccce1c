import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ajvProblems, pointerToPath } from '../../../src/config/ajv-problems.js';

const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
const validate = ajv.compile({
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', pattern: '^[a-z]+$', errorMessage: 'may only use lower-case letters' },
    port: { type: 'integer' },
    events: {
      errorMessage: 'an event type or a list of them',
      description: 'documentation only, never an error message',
      anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    },
  },
});

function problemsFor(value: unknown) {
  expect(validate(value)).toBe(false);
  return ajvProblems(validate.errors ?? [], ['routes', 0]);
}

describe('ajvProblems', () => {
  it('reports an unknown key at the key', () => {
    expect(problemsFor({ name: 'a', nmae: 'b' })).toEqual([
      { path: ['routes', 0, 'nmae'], at: 'key', message: 'unknown key "nmae" in routes.0' },
    ]);
  });

  it('reports a missing key at the mapping', () => {
    expect(problemsFor({})).toEqual([
      { path: ['routes', 0], at: 'value', message: 'routes.0 is missing "name"' },
    ]);
  });

  it('reports a wrong type at the value', () => {
    expect(problemsFor({ name: 'a', port: 'eighty' })).toEqual([
      { path: ['routes', 0, 'port'], at: 'value', message: 'routes.0.port must be integer' },
    ]);
  });

  it('folds the errors of anyOf branches into one problem with the errorMessage', () => {
    expect(problemsFor({ name: 'a', events: 42 })).toEqual([
      {
        path: ['routes', 0, 'events'],
        at: 'value',
        message: 'routes.0.events has the wrong form: an event type or a list of them',
      },
    ]);
  });

  it('explains a pattern mismatch with the errorMessage', () => {
    expect(problemsFor({ name: 'A1' })).toEqual([
      { path: ['routes', 0, 'name'], at: 'value', message: 'routes.0.name may only use lower-case letters' },
    ]);
  });
});

describe('pointerToPath', () => {
  it('splits a JSON pointer into keys and indexes, unescaping ~1 and ~0', () => {
    expect(pointerToPath('/sources/a~1b/events/0/c~0d')).toEqual(['sources', 'a/b', 'events', 0, 'c~d']);
  });

  it('turns the empty pointer into the empty path', () => {
    expect(pointerToPath('')).toEqual([]);
  });
});
