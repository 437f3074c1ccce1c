import { request } from 'node:http';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestError } from '../../../src/errors.js';
import { refuseAmbiguousPaths } from '../../../src/server/refuse-ambiguous-paths.js';
import { serveKoa, type ServedApp } from '../../helpers/serve-koa.js';

let served: ServedApp;
let base: string;

beforeAll(async () => {
  const app = new Koa();
  app.silent = true;
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      ctx.status = error instanceof RequestError ? error.status : 500;
      ctx.body = { error: error instanceof RequestError ? error.message : 'internal' };
    }
  });
  app.use(refuseAmbiguousPaths);
  app.use((ctx) => {
    ctx.body = { path: ctx.path };
  });
  served = await serveKoa(app);
  base = served.base;
});

afterAll(async () => {
  await served.close();
});

/** GET with node:http, which sends the path as written (fetch would resolve dot segments first). */
function get(path: string): Promise<{ status: number; body: string; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { path }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, location: res.headers.location }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('refuseAmbiguousPaths', () => {
  it('lets a canonical path through every time it is asked for', async () => {
    for (let i = 0; i < 3; i++) expect((await get('/webhook')).status).toBe(200);
  });

  it('refuses a non-canonical spelling every time, also after the canonical one was let through', async () => {
    expect((await get('/webhook')).status).toBe(200);
    for (const path of ['/webhook/', '//webhook', '/%77ebhook', '/a/../webhook']) {
      for (let i = 0; i < 2; i++) {
        const answer = await get(path);
        expect(answer.status).toBe(400);
        expect(answer.body).toContain('not in canonical form');
      }
    }
  });

  it('keeps checking once more distinct paths were seen than it remembers', async () => {
    for (let i = 0; i < 300; i++) expect((await get(`/p${i}`)).status).toBe(200);
    expect((await get('/p1/')).status).toBe(400);
    expect((await get('/p1')).status).toBe(200);
  });

  it('sends GET /console/ to /console', async () => {
    const answer = await get('/console/');
    expect(answer.status).toBe(308);
    expect(answer.location).toBe('/console');
  });
});
