import { describe, expect, it } from 'vitest';
import { bodyFormatOf } from '../../../src/ingest/body-format.js';
import type { BodyFormat } from '../../../src/sources/source-presets.js';

const jsonOnly = new Set<BodyFormat>(['json']);
const both = new Set<BodyFormat>(['json', 'form']);

function outcome(contentType: string | undefined, accept = jsonOnly): unknown {
  try {
    return bodyFormatOf(contentType === undefined ? {} : { 'content-type': contentType }, accept);
  } catch (error) {
    return error;
  }
}

describe('bodyFormatOf', () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON;charset=UTF-8',
    'application/json; charset="utf-8"',
    'application/json; charset=utf8',
    'application/cloudevents+json',
    'application/vnd.github+json',
  ])('reads %s as JSON', (contentType) => {
    expect(outcome(contentType)).toBe('json');
  });

  it('reads a form body only where the source accepts forms', () => {
    expect(outcome('application/x-www-form-urlencoded', both)).toBe('form');
    expect(outcome('application/x-www-form-urlencoded')).toMatchObject({
      status: 415,
      code: 'unsupported_media_type',
      message: 'the body must be application/json (Content-Type)',
    });
  });

  it.each(['text/plain', 'text/json', 'application/jsonp', 'application/+json', undefined])(
    'refuses %s with 415 unsupported_media_type',
    (contentType) => {
      expect(outcome(contentType, both)).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    },
  );

  it.each(['iso-8859-1', 'ISO-8859-1', 'windows-1252', 'utf-16', '"latin1"'])(
    'refuses charset=%s with 415 unsupported_charset, saying to send UTF-8',
    (charset) => {
      expect(outcome(`application/json; charset=${charset}`)).toMatchObject({
        status: 415,
        code: 'unsupported_charset',
        message: expect.stringContaining('send the body as UTF-8') as unknown,
      });
      expect(outcome(`application/x-www-form-urlencoded; charset=${charset}`, both)).toMatchObject({
        code: 'unsupported_charset',
      });
    },
  );
  it('answers alike when asked again: a remembered verdict is per set of accepted formats', () => {
    const form = 'application/x-www-form-urlencoded; charset=utf-8';
    for (let i = 0; i < 3; i++) {
      expect(outcome(form, both)).toBe('form');
      expect(outcome(form)).toMatchObject({ status: 415, code: 'unsupported_media_type' });
      expect(outcome('text/plain', both)).toMatchObject({ status: 415, code: 'unsupported_media_type' });
      expect(outcome('application/json; charset=latin1')).toMatchObject({ code: 'unsupported_charset' });
    }
  });

  it('keeps checking once more distinct headers were accepted than it remembers', () => {
    const accept = new Set<BodyFormat>(['json']);
    for (let i = 0; i < 40; i++) expect(outcome(`application/vnd.v${i}+json`, accept)).toBe('json');
    expect(outcome('application/vnd.v1+json', accept)).toBe('json');
    expect(outcome('application/vnd.v1+xml', accept)).toMatchObject({ status: 415 });
  });
});
