import { visit, type Node } from 'yaml';
import type { ConfigSource } from './config-source.js';

const reference = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${VAR}` and `${VAR:-default}` in every string value of the document, in place. An unset variable
 * without a default is a problem at its line. Values stay strings; the config schema converts them where it asks
 * for a number or boolean (so `port: ${PORT:-3221}` is a number, while a secret made of digits stays a string). `$${` escapes a literal `${`. As in the shell, a variable set to
 * the empty string counts as unset, so an empty secret cannot slip through.
 */
export function interpolateEnv(source: ConfigSource, env: NodeJS.ProcessEnv, within?: Node): void {
  // `within`: only that part of the document (the CLI reads the server section alone).
  visit(within ?? source.doc, {
    Scalar(key, node) {
      // Keys are not interpolated: they name things the rest of the file refers to.
      if (key === 'key') return;
      if (typeof node.value !== 'string' || !node.value.includes('${')) return;
      const original = node.value;
      const problemsBefore = source.problems.length;
      const replaced = original.replace(/(\$?)\$\{([^}]*)\}/g, (whole: string, escape: string) => {
        if (escape === '$') return whole.slice(1);
        const match = new RegExp(reference.source).exec(whole);
        if (!match) {
          source.addAtOffset(
            node.range?.[0] ?? 0,
            `"${whole}" is not a valid variable reference (use \${NAME} or \${NAME:-default})`,
          );
          return whole;
        }
        const [, name = '', fallback] = match;
        const value = env[name];
        if (value !== undefined && value !== '') return value;
        if (fallback !== undefined) return fallback;
        source.addAtOffset(
          node.range?.[0] ?? 0,
          `environment variable ${name} is not set and has no default (write \${${name}:-default} to give one)`,
        );
        return '';
      });
      if (source.problems.length > problemsBefore) return;
      node.value = replaced;
    },
  });
}
