import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Block {
  type: string;
  text?: { text: string };
  elements?: { text?: string }[];
}

/** A local stand-in for a Slack incoming webhook that prints each message roughly as Slack would show it. */
export async function startSlackSink(print: (text: string) => void): Promise<{
  url: string;
  waitFor(count: number): Promise<void>;
  stop(): Promise<void>;
}> {
  let received = 0;
  let waiters: { count: number; resolve: () => void }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received++;
      print(
        `\n┌─ Slack message #${received} (${req.url ?? ''})\n${render(Buffer.concat(chunks).toString('utf8'))}└─\n`,
      );
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      waiters = waiters.filter((w) => (received >= w.count ? (w.resolve(), false) : true));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    waitFor: (count) =>
      received >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function render(body: string): string {
  const message = JSON.parse(body) as { text?: string; blocks?: Block[] };
  const unescape = (text: string): string =>
    text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const lines: string[] = [];
  for (const block of message.blocks ?? []) {
    if (block.type === 'header' && block.text) lines.push(`│ ${unescape(block.text.text).toUpperCase()}`);
    else if (block.type === 'section' && block.text)
      lines.push(
        ...unescape(block.text.text)
          .split('\n')
          .map((l) => `│ ${l}`),
      );
    else if (block.type === 'context')
      lines.push(`│ (${(block.elements ?? []).map((e) => unescape(e.text ?? '')).join(' · ')})`);
    else if (block.type === 'divider') lines.push('│ ───');
  }
  if (lines.length === 0 && message.text) lines.push(`│ ${unescape(message.text)}`);
  return `${lines.join('\n')}\n`;
}
