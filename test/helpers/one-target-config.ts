/**
 * The smallest whole config: one Connect It source taking `test.completed`, one http target, one route between
 * them. Tests add what they are about: `server` lines (indented two spaces) and extra keys for the target.
 */
export function oneTargetConfig(options: {
  readonly secret: string;
  readonly url: string;
  readonly server?: readonly string[];
  readonly target?: string;
}): string {
  const server = options.server ? `server:\n${options.server.map((line) => `  ${line}`).join('\n')}\n` : '';
  const extra = options.target ? `, ${options.target}` : '';
  return `${server}sources:
  connect-it:
    verify: { scheme: connect-it, secrets: ["${options.secret}"] }
    events: { test.completed: {} }
targets:
  crm: { type: http, url: "${options.url}"${extra} }
routes:
  - { name: all, events: test.completed, to: crm }
`;
}
