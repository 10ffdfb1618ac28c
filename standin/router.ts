// Matches request paths against OpenAPI path templates. `{path}` (contents) may span
// several segments; every other parameter is one segment, percent-decoded after matching.

export interface CompiledTemplate {
  template: string;
  regexp: RegExp;
  names: string[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
}

export function compileTemplate(template: string): CompiledTemplate {
  const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
  const literals = template.split(/\{[^}]+\}/).map(escapeRegExp);
  let source = literals[0] ?? '';
  names.forEach((name, i) => {
    source += (name === 'path' ? '(.+)' : '([^/]+)') + (literals[i + 1] ?? '');
  });
  return { template, regexp: new RegExp(`^${source}/?$`), names };
}

export function matchTemplate(compiled: CompiledTemplate, path: string): Record<string, string> | undefined {
  const match = compiled.regexp.exec(path);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  compiled.names.forEach((name, i) => {
    const raw = match[i + 1] ?? '';
    try {
      params[name] = decodeURIComponent(raw);
    } catch {
      params[name] = raw;
    }
  });
  return params;
}
