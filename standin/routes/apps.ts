// App and installation endpoints: everything a GitHub App client does before it has a token.
import { installedRepos, issueToken } from '../core.js';
import { HttpError, notFound } from '../http-kit.js';
import { buildApp, buildInstallation, buildRepository } from '../objects-core.js';
import type { RouteDef } from '../route-types.js';
import type { Permissions } from '../state.js';

const LEVELS = { read: 1, write: 2, admin: 3 } as Record<string, number>;

function selection(core: Parameters<RouteDef['handler']>[0]['core']): 'all' | 'selected' {
  return core.state.repos.every((r) => r.installed) ? 'all' : 'selected';
}

export const appRoutes: RouteDef[] = [
  { method: 'get', path: '/app', handler: ({ core }) => ({ status: 200, body: { ...buildApp(core.objects), installations_count: 1 } }) },
  {
    method: 'get',
    path: '/app/installations',
    handler: ({ core }) => ({ status: 200, body: [buildInstallation(core.objects, selection(core))] }),
  },
  {
    method: 'get',
    path: '/app/installations/{installation_id}',
    handler: ({ core, params }) => {
      if (params.installation_id !== core.objects.installationId) throw notFound();
      return { status: 200, body: buildInstallation(core.objects, selection(core)) };
    },
  },
  {
    method: 'get',
    path: '/repos/{owner}/{repo}/installation',
    handler: ({ core, repo }) => {
      if (!repo?.installed) throw notFound();
      return { status: 200, body: buildInstallation(core.objects, selection(core)) };
    },
  },
  {
    method: 'post',
    path: '/app/installations/{installation_id}/access_tokens',
    handler: ({ core, params, body }) => {
      if (params.installation_id !== core.objects.installationId) throw notFound();
      const requested = body.permissions as Permissions | undefined;
      for (const [name, level] of Object.entries(requested ?? {})) {
        const held = core.objects.appPermissions[name];
        if (!held || (LEVELS[held] ?? 0) < (LEVELS[level] ?? 9)) {
          throw new HttpError(422, 'The permissions requested are not granted to this installation.');
        }
      }
      const names = (body.repositories as string[] | undefined) ?? [];
      const ids = (body.repository_ids as number[] | undefined) ?? [];
      const installed = installedRepos(core);
      const picked = [
        ...names.map((n) => installed.find((r) => r.name.toLowerCase() === n.toLowerCase())),
        ...ids.map((id) => installed.find((r) => r.id === id)),
      ];
      if (picked.some((r) => r === undefined)) {
        throw new HttpError(422, 'There is at least one repository that does not exist or is not accessible to the parent installation.');
      }
      const repos = picked.filter((r) => r !== undefined);
      const scoped = repos.length > 0;
      const grant = issueToken(
        core,
        'installation',
        `${core.objects.appSlug}[bot]`,
        {
          repositories: scoped ? repos.map((r) => r.fullName) : installed.map((r) => r.fullName),
          permissions: requested ?? (core.objects.appPermissions as Permissions),
        },
        5000,
      );
      return {
        status: 201,
        body: {
          token: grant.token,
          expires_at: new Date(grant.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          permissions: grant.permissions,
          repository_selection: scoped ? 'selected' : selection(core),
          ...(scoped ? { repositories: repos.map((r) => buildRepository(core.objects, r)) } : {}),
        },
      };
    },
  },
];
