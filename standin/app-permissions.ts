// The permissions GitHub grants the App: exactly what app.yml's `default_permissions` declares,
// read from the manifest itself so the tests meet the refusals an installation would give.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { PermissionLevel, Permissions } from './state.js';

const APP_MANIFEST = new URL('../app.yml', import.meta.url);
const LEVELS: readonly string[] = ['read', 'write'] satisfies PermissionLevel[];

/** `default_permissions` of an app manifest; throws naming the entry that is not `name: read|write`. */
export function parseManifestPermissions(text: string, file = 'app.yml'): Permissions {
  const manifest: unknown = parse(text);
  const declared = (manifest as { default_permissions?: unknown } | null)?.default_permissions;
  if (typeof declared !== 'object' || declared === null || Array.isArray(declared)) {
    throw new Error(`${file}: default_permissions must be a mapping of permission names to read or write`);
  }
  const permissions: Permissions = {};
  for (const [name, level] of Object.entries(declared)) {
    if (typeof level !== 'string' || !LEVELS.includes(level)) {
      throw new Error(`${file}: default_permissions.${name} is ${JSON.stringify(level)}; expected read or write`);
    }
    permissions[name] = level as PermissionLevel;
  }
  return permissions;
}

let cached: Permissions | undefined;

/** The permissions of this repository's app.yml (read once per process). */
export function appManifestPermissions(): Permissions {
  cached ??= parseManifestPermissions(readFileSync(APP_MANIFEST, 'utf8'));
  return { ...cached };
}
