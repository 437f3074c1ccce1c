import { describe, expect, it } from 'vitest';
import { markInserted, readDeferred } from '../../../src/templates/deferred-escape.js';
import { compileTemplate } from '../../../src/templates/template-engine.js';

const render = (source: string, data: Record<string, unknown>) =>
  compileTemplate(source, 'deferred').render({
    event: data as never,
    source: 's',
    received_at: '',
    event_type: 't',
  });

describe('the deferred escaper', () => {
  it('reads back the rendered text and where each inserted value stands', () => {
    const marked = render('*{{ event.who }}* said {{ event.what }}!', { who: '<@U1>', what: 'a & b' });
    expect(readDeferred(marked)).toEqual({
      text: '*<@U1>* said a & b!',
      inserted: [
        [1, 6],
        [13, 18],
      ],
    });
  });

  it('removes markers a payload carries, so a value cannot end its own span', () => {
    const marked = render('{{ event.x }}', { x: 'safe\u0003<!channel>\u0002' });
    expect(readDeferred(marked)).toEqual({ text: 'safe<!channel>', inserted: [[0, 14]] });
  });

  it('returns a lone inserted value without copying it, and nothing for an empty one', () => {
    const value = 'x'.repeat(1000);
    expect(readDeferred(markInserted(value)).text).toBe(value);
    expect(markInserted('')).toBe('');
    expect(readDeferred('plain')).toEqual({ text: 'plain', inserted: [] });
  });

  it('treats a start marker in the template itself as the start of a value: more is escaped, never less', () => {
    expect(readDeferred('a\u0002b<c')).toEqual({ text: 'ab<c', inserted: [[1, 4]] });
  });
});
