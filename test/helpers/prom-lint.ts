/**
 * The naming rules `promtool check metrics` applies (client_golang's promlint), for the Prometheus text format,
 * so the metrics are checked where promtool is not installed. Returns one "name: problem" line per finding.
 */
export function promLint(exposition: string): string[] {
  const families = new Map<string, { type?: string; help?: string; labels: Set<string> }>();
  const family = (name: string) => {
    let found = families.get(name);
    if (!found) families.set(name, (found = { labels: new Set() }));
    return found;
  };
  for (const line of exposition.split('\n')) {
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name = '', rest = ''] = meta;
      if (kind === 'HELP') family(name).help = rest;
      else family(name).type = rest;
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? \S+/.exec(line);
    if (!sample) continue;
    const [, sampleName = '', labels = ''] = sample;
    const base = [...families.keys()].find(
      (name) =>
        sampleName === name ||
        (/^_(bucket|count|sum|created)$/.test(sampleName.slice(name.length)) && sampleName.startsWith(name)),
    );
    for (const [, label = ''] of labels.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g))
      family(base ?? sampleName).labels.add(label);
  }

  const problems: string[] = [];
  for (const [name, { type = 'untyped', help, labels }] of families) {
    const say = (problem: string): void => void problems.push(`${name}: ${problem}`);
    if (help === undefined || help === '') say('no help text');
    if (type === 'counter' && !name.endsWith('_total')) say('counter metrics should have "_total" suffix');
    if (type !== 'counter' && name.endsWith('_total'))
      say('non-counter metrics should not have "_total" suffix');
    if (type !== 'histogram' && type !== 'summary')
      for (const suffix of ['_count', '_sum', '_bucket'])
        if (name.endsWith(suffix))
          say(`non-histogram and non-summary metrics should not have "${suffix}" suffix`);
    if (type !== 'histogram' && labels.has('le')) say('non-histogram metrics should not have "le" label');
    if (type !== 'summary' && labels.has('quantile'))
      say('non-summary metrics should not have "quantile" label');
    if (/[A-Z]/.test(name)) say("metric names should be written in 'snake_case' not 'camelCase'");
    for (const label of labels)
      if (/[A-Z]/.test(label))
        say(`label names should be written in 'snake_case' not 'camelCase' (${label})`);
    if (name.includes(':')) say('metric names should not contain ":"');
    const tokens = name.split('_');
    for (const t of ['gauge', 'counter', 'histogram', 'summary', 'untyped'])
      if (tokens.includes(t)) say(`metric name should not include type '${t}'`);
    for (const unit of ['s', 'ms', 'us', 'ns', 'sec', 'b', 'kb', 'mb', 'gb', 'tb', 'pb', 'm', 'h', 'd'])
      if (tokens.includes(unit)) say('metric names should not contain abbreviated units');
    const base: Record<string, string> = {
      milliseconds: 'seconds',
      microseconds: 'seconds',
      nanoseconds: 'seconds',
      minutes: 'seconds',
      hours: 'seconds',
      days: 'seconds',
      weeks: 'seconds',
      kilobytes: 'bytes',
      megabytes: 'bytes',
      gigabytes: 'bytes',
      bits: 'bytes',
      percent: 'ratio',
      celsius: 'celsius',
      fahrenheit: 'celsius',
    };
    for (const token of tokens) {
      const wanted = base[token];
      if (wanted !== undefined && wanted !== token) say(`use base unit "${wanted}" instead of "${token}"`);
    }
  }
  return problems;
}
