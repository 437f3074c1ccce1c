import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log/create-logger.js';
import { logEventReceived, type EventReceivedLine } from '../../../src/log/log-event-received.js';

/** A destination that keeps each written line as text, the time left out. */
function capture(): { stream: { write: (line: string) => void }; lines: string[] } {
  const lines: string[] = [];
  return { stream: { write: (line) => lines.push(line.replace(/"time":"[^"]*",/, '')) }, lines };
}

const line: EventReceivedLine = {
  source: 'connect-it',
  type: 'transcript.completed',
  id: 'evt_1',
  outcome: 'accepted',
  status: 200,
  durationMs: 1.25,
};

describe('logEventReceived', () => {
  it('writes the same line the gateway logger writes for these fields', () => {
    const out = capture();
    const logger = createLogger('info', out.stream);
    logEventReceived(logger, line);
    logger.info({ msg: 'event received', ...line });
    expect(out.lines).toHaveLength(2);
    expect(out.lines[0]).toBe(out.lines[1]);
    expect(JSON.parse(out.lines[0]!)).toMatchObject({ level: 'info', service: 'hookgate', ...line });
  });

  it('writes the named fields only, whatever else the object carries', () => {
    const out = capture();
    const logger = createLogger('info', out.stream);
    logEventReceived(logger, {
      ...line,
      secret: 'hunter2',
      headers: { authorization: 'x' },
    } as EventReceivedLine);
    expect(out.lines.join('')).not.toContain('hunter2');
    expect(Object.keys(JSON.parse(out.lines[0]!) as object).sort()).toEqual(
      ['durationMs', 'id', 'level', 'msg', 'outcome', 'service', 'source', 'status', 'type'].sort(),
    );
  });

  it('leaves redaction in place for every other line of the logger', () => {
    const out = capture();
    const logger = createLogger('info', out.stream);
    logEventReceived(logger, line);
    logger.info({ target: { token: 'xoxb-1' }, secret: 's1' }, 'other');
    expect(out.lines[1]).not.toContain('xoxb-1');
    expect(out.lines[1]).not.toContain('s1');
    expect(out.lines[1]).toContain('[redacted]');
  });

  it('writes nothing when info is not logged', () => {
    const out = capture();
    logEventReceived(createLogger('warn', out.stream), line);
    expect(out.lines).toEqual([]);
  });
});
