import { describe, expect, it } from 'vitest';
import { classifySmtpError } from '../../../../src/targets/email/classify-smtp-error.js';

/** An error shaped like nodemailer's: message, code, and the server's reply when there was one. */
function smtpError(message: string, code: string, response?: string): Error {
  const error = Object.assign(new Error(response ? `${message}: ${response}` : message), { code });
  if (response) Object.assign(error, { response, responseCode: Number(response.slice(0, 3)) });
  return error;
}

describe('classifySmtpError', () => {
  it('a rejected login (EAUTH 535) is permanent', () => {
    const failure = classifySmtpError(smtpError('Invalid login', 'EAUTH', '535 5.7.8 Authentication failed'));
    expect(failure).toEqual({
      code: 'auth_failed',
      kind: 'permanent',
      reason: 'SMTP authentication failed (EAUTH): Invalid login: 535 5.7.8 Authentication failed',
    });
  });

  it('EAUTH without a reply (no credentials) is permanent', () => {
    expect(classifySmtpError(smtpError('Missing credentials for "PLAIN"', 'EAUTH')).kind).toBe('permanent');
  });

  it('a temporary auth failure (454) is retryable', () => {
    expect(classifySmtpError(smtpError('Invalid login', 'EAUTH', '454 4.7.0 Try again later')).kind).toBe(
      'retryable',
    );
  });

  it.each([
    ['550 5.1.1 No such user', 'RCPT TO'],
    ['553 5.1.3 Bad recipient address syntax', 'RCPT TO'],
    ['552 5.3.4 Message too big', 'DATA'],
  ])('a 5xx reply (%s) is permanent', (response) => {
    expect(classifySmtpError(smtpError("Can't send mail", 'EENVELOPE', response)).kind).toBe('permanent');
  });

  it.each([
    '421 4.7.0 Try again later',
    '450 4.2.1 Mailbox busy',
    '451 4.3.0 Local error',
    '452 4.5.3 Too many',
  ])('a 4xx reply (%s) is retryable', (response) => {
    expect(classifySmtpError(smtpError("Can't send mail", 'EENVELOPE', response)).kind).toBe('retryable');
  });

  it.each(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED'])(
    '%s without a reply is retryable',
    (code) => {
      expect(classifySmtpError(smtpError('connect ECONNREFUSED 127.0.0.1:2525', code)).kind).toBe(
        'retryable',
      );
    },
  );

  it.each([
    [smtpError("Can't send mail", 'EENVELOPE', '451 4.3.0 Local error'), 'target_unavailable'],
    [smtpError("Can't send mail", 'EENVELOPE', '550 5.1.1 No such user'), 'rejected_by_target'],
    [smtpError('connect ECONNREFUSED 127.0.0.1:2525', 'ECONNREFUSED'), 'connection_refused'],
    [smtpError('Greeting never received', 'ETIMEDOUT'), 'timeout'],
    [smtpError('Missing credentials for "PLAIN"', 'EAUTH'), 'auth_failed'],
    [smtpError('Message size larger than allowed 1000', 'EMESSAGE'), 'invalid_message'],
  ])('%s has the code %s', (error, code) => {
    expect(classifySmtpError(error).code).toBe(code);
  });

  it('a message the client refuses to send (EMESSAGE) is permanent', () => {
    expect(classifySmtpError(smtpError('Message size larger than allowed 1000', 'EMESSAGE')).kind).toBe(
      'permanent',
    );
  });

  it('an unrecognised error is retryable and described', () => {
    expect(classifySmtpError(new Error('something odd'))).toEqual({
      code: 'unknown',
      kind: 'retryable',
      reason: 'SMTP delivery failed: something odd',
    });
    expect(classifySmtpError('plain string').reason).toBe('SMTP delivery failed: plain string');
  });
});
