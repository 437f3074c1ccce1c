#!/usr/bin/env node
import { Command } from 'commander';
import { runCheck, type CommandIo } from './cli/check-command.js';
import { runRoutesTest } from './cli/routes-test-command.js';
import { runSend } from './cli/send-command.js';
import { registerStoreCommands } from './cli/store-commands.js';
import { readPackageVersion } from './read-package-version.js';

/** The `hookgate` command line: check a config, dry-run routes, send a signed test event, inspect the queue. */
const io: CommandIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
};
const defaultConfig = process.env.GATEWAY_CONFIG ?? 'gateway.yaml';
const version = readPackageVersion();

// `hookgate events list | head` closes the pipe early: that is the reader's choice, not an error to report.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = new Command('hookgate')
  .description('Verify signed webhooks, route them with YAML, deliver them to Slack, email and HTTP.')
  .version(version, '-V, --version', 'print the version')
  .showHelpAfterError();

program
  .command('check')
  .description('validate a config file; prints every error with its line and exits 1 if there is any')
  .argument('[file]', 'config file', defaultConfig)
  .action((file: string) => {
    process.exitCode = runCheck(file, io);
  });

program
  .command('routes')
  .description('work with routes')
  .command('test')
  .description(
    'dry run: which routes an event would fire and the exact message each target would get; sends nothing',
  )
  .requiredOption('--event <file>', 'event payload (JSON)')
  .option('--config <file>', 'config file', defaultConfig)
  .option('--source <name>', 'source the event arrives on (default: the first)')
  .option('--json', 'print JSON')
  .action(async (options: { event: string; config: string; source?: string; json?: boolean }) => {
    process.exitCode = await runRoutesTest(options, io);
  });

program
  .command('send')
  .description(
    'sign and POST an event the way its sender does (default Connect It: the Dev Portal Test button, locally)',
  )
  .argument('<event-type>', 'event type, e.g. test.completed')
  .option('--file <file>', 'event payload (JSON); default: {"type": <event-type>}')
  .option('--url <url>', 'webhook URL', `http://localhost:${process.env.PORT ?? '3221'}/webhook`)
  .option('--secret <secret>', 'webhook secret (default: $WEBHOOK_SECRET)')
  .option(
    '--scheme <preset>',
    'sign as this sender: github, stripe, slack, standard-webhooks, …',
    'connect-it',
  )
  .action(
    async (eventType: string, options: { file?: string; url: string; secret?: string; scheme: string }) => {
      process.exitCode = await runSend(
        eventType,
        {
          url: options.url,
          secret: options.secret ?? process.env.WEBHOOK_SECRET,
          scheme: options.scheme,
          ...(options.file ? { file: options.file } : {}),
        },
        io,
      );
    },
  );

registerStoreCommands(program, process.env);

await program.parseAsync();
