import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { packageRoot } from '../package-root.js';

export interface ConsoleAsset {
  readonly type: string;
  readonly body: Buffer;
}

/**
 * The console's static files, read once at start and served from memory: our own script and style sheet, and
 * uPlot from its package (no CDN: the console works offline).
 */
export function loadConsoleAssets(): ReadonlyMap<string, ConsoleAsset> {
  const uplotDir = join(dirname(createRequire(import.meta.url).resolve('uplot')));
  const ownDir = join(packageRoot, 'console-assets');
  return new Map([
    ['console.css', { type: 'text/css; charset=utf-8', body: readFileSync(join(ownDir, 'console.css')) }],
    [
      'console.js',
      { type: 'text/javascript; charset=utf-8', body: readFileSync(join(ownDir, 'console.js')) },
    ],
    [
      'uPlot.min.css',
      { type: 'text/css; charset=utf-8', body: readFileSync(join(uplotDir, 'uPlot.min.css')) },
    ],
    [
      'uPlot.iife.min.js',
      { type: 'text/javascript; charset=utf-8', body: readFileSync(join(uplotDir, 'uPlot.iife.min.js')) },
    ],
  ]);
}
