import { html } from '../html.js';
import { layout } from './layout.js';

export function signInPage(problem: string | undefined): string {
  return layout({
    title: 'Sign in',
    body: html`<h1>Sign in</h1>
      <form method="post" action="/console/sign-in" class="card narrow">
        ${problem !== undefined ? html`<p class="problem" role="alert">${problem}</p>` : ''}
        <label for="token">Admin token</label>
        <input id="token" name="token" type="password" autocomplete="current-password" required />
        <button type="submit">Sign in</button>
      </form>
      <p class="muted">
        The token is the gateway's <code>ADMIN_TOKEN</code>. Signing in keeps you signed in for 8 hours in
        this browser.
      </p>`,
  });
}
