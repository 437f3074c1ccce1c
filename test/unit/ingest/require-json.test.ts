import { describe, expect, it } from 'vitest';
import { RequestError } from '../../../src/errors.js';
import { requireJsonContentType } from '../../../src/ingest/require-json.js';

function rejection(contentType: string | undefined): unknown {
  try {
    requireJsonContentType(contentType === undefined ? {} : { 'content-type': contentType });
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('requireJsonContentType', () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON;charset=UTF-8',
    'application/cloudevents+json',
    'application/vnd.github+json',
  ])('accepts %s', (contentType) => {
    expect(rejection(contentType)).toBeUndefined();
  });

  it.each([
    'text/plain',
    'application/x-www-form-urlencoded',
    'text/json',
    'application/jsonp',
    'application/+json',
  ])('rejects %s with 415 unsupported_media_type', (contentType) => {
    const error = rejection(contentType);
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ status: 415, code: 'unsupported_media_type' });
  });

  it('rejects a request without Content-Type with 415 unsupported_media_type', () => {
    expect(rejection(undefined)).toMatchObject({
      status: 415,
      code: 'unsupported_media_type',
      message: 'the body must be JSON (Content-Type: application/json)',
    });
  });
});
