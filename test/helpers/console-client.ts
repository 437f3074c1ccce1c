import { rawRequest, type RawResponse } from './raw-request.js';

/** A signed-in console session over real HTTP: its cookie, and the CSRF token read from a page. */
export interface ConsoleSession {
  readonly cookie: string;
  readonly csrf: string;
}

export async function signIn(base: string, token: string): Promise<ConsoleSession> {
  const response = await postForm(base, '/console/sign-in', { token });
  const cookie = cookieOf(response);
  if (response.status !== 303 || cookie === undefined) throw new Error(`sign-in failed: ${response.status}`);
  const page = await rawRequest(base, 'GET', '/console/targets', { cookie });
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (csrf === undefined) throw new Error('no CSRF token on the page');
  return { cookie, csrf };
}

export function cookieOf(response: RawResponse): string | undefined {
  const header = response.headers['set-cookie'];
  const first = Array.isArray(header) ? header[0] : header;
  return first?.split(';')[0];
}

export async function postForm(
  base: string,
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const body = new URLSearchParams(fields).toString();
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  const responseHeaders: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => (responseHeaders[name] = value));
  const setCookie = response.headers.getSetCookie();
  if (setCookie.length > 0) responseHeaders['set-cookie'] = setCookie;
  return { status: response.status, headers: responseHeaders, body: await response.text() };
}
