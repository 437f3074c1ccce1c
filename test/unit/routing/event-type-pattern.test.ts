import { describe, expect, it } from 'vitest';
import { compileEventPattern } from '../../../src/routing/event-type-pattern.js';

describe('compileEventPattern', () => {
  it('an exact type matches only itself', () => {
    const match = compileEventPattern('transcript.completed');
    expect(match('transcript.completed')).toBe(true);
    expect(match('transcript.complete')).toBe(false);
    expect(match('transcript.completed.v2')).toBe(false);
    expect(match('test.completed')).toBe(false);
  });

  it('`transcript.*` matches one segment after the dot', () => {
    const match = compileEventPattern('transcript.*');
    expect(match('transcript.completed')).toBe(true);
    expect(match('transcript.started')).toBe(true);
    expect(match('transcript.completed.v2')).toBe(false);
    expect(match('transcript')).toBe(false);
    expect(match('test.completed')).toBe(false);
  });

  it('`transcript.*` treats the dot literally', () => {
    expect(compileEventPattern('transcript.*')('transcriptXcompleted')).toBe(false);
  });

  it('`*.completed` matches the last segment', () => {
    const match = compileEventPattern('*.completed');
    expect(match('test.completed')).toBe(true);
    expect(match('transcript.completed')).toBe(true);
    expect(match('a.b.completed')).toBe(false);
    expect(match('transcript.started')).toBe(false);
  });

  it('`*` alone matches every type', () => {
    const match = compileEventPattern('*');
    expect(match('test.completed')).toBe(true);
    expect(match('a.b.c')).toBe(true);
  });

  it('`**` matches every type', () => {
    const match = compileEventPattern('**');
    expect(match('transcript.completed')).toBe(true);
    expect(match('a.b.c')).toBe(true);
  });

  it('`transcript.**` matches any depth below transcript', () => {
    const match = compileEventPattern('transcript.**');
    expect(match('transcript.completed')).toBe(true);
    expect(match('transcript.completed.v2')).toBe(true);
    expect(match('transcripts.completed')).toBe(false);
  });

  it('an exact type with regex metacharacters matches only itself', () => {
    const match = compileEventPattern('order+paid(v1)');
    expect(match('order+paid(v1)')).toBe(true);
    expect(match('orderrpaidv1')).toBe(false);
  });

  it('a glob with regex metacharacters treats them literally', () => {
    expect(compileEventPattern('a+b.*')('a+b.created')).toBe(true);
    expect(compileEventPattern('a+b.*')('aab.created')).toBe(false);
    expect(compileEventPattern('price$.*')('price$.changed')).toBe(true);
    expect(compileEventPattern('a|b.*')('a')).toBe(false);
    expect(compileEventPattern('[ab].*')('a.x')).toBe(false);
    expect(compileEventPattern('[ab].*')('[ab].x')).toBe(true);
    expect(compileEventPattern('v1?.*')('v.x')).toBe(false);
    expect(compileEventPattern('back\\slash.*')('back\\slash.x')).toBe(true);
  });
});
