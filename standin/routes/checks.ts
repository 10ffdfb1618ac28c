// Check runs and check suites. A run's suite is found or created per (repository, head SHA),
// as GitHub does for the app that creates the run.
import { readCommit } from '../git-read.js';
import { HttpError, linkHeaders, notFound, paginate } from '../http-kit.js';
import { buildCheckRun, buildCheckSuite } from '../objects-records.js';
import { type RouteContext, type RouteDef, requireRepo } from '../route-types.js';
import type { CheckRunRecord, CheckSuiteRecord, RepoRecord } from '../state.js';
import { nowIso, resolveShaOr422 } from './git-refs.js';

function findOrCreateSuite(c: RouteContext, repo: RepoRecord, headSha: string): CheckSuiteRecord {
  const state = c.core.state;
  let suite = state.checkSuites.find((s) => s.repo === repo.fullName && s.headSha === headSha);
  if (!suite) {
    const pr = state.pullRequests.find((p) => p.repo === repo.fullName);
    suite = { id: state.nextId(), repo: repo.fullName, headSha, headBranch: pr?.headRef ?? null, rerequests: 0, createdAt: nowIso() };
    state.checkSuites.push(suite);
  }
  return suite;
}

/** Applies a create/update body; a conclusion implies completed, as GitHub documents. */
function applyBody(run: CheckRunRecord, body: Record<string, unknown>): void {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  run.name = str(body.name) ?? run.name;
  run.detailsUrl = str(body.details_url) ?? run.detailsUrl;
  run.externalId = str(body.external_id) ?? run.externalId;
  run.startedAt = str(body.started_at) ?? run.startedAt;
  if (str(body.status)) run.status = str(body.status) as string;
  if (str(body.conclusion)) {
    run.conclusion = str(body.conclusion) as string;
    run.status = 'completed';
  }
  if (run.status === 'completed') {
    if (!run.conclusion) throw new HttpError(422, 'Invalid request.\n\nNo conclusion was specified for the completed check run.');
    run.completedAt = str(body.completed_at) ?? run.completedAt ?? nowIso();
  }
  const output = body.output as Record<string, unknown> | undefined;
  if (output) {
    run.output.title = str(output.title) ?? run.output.title;
    run.output.summary = str(output.summary) ?? run.output.summary;
    run.output.text = str(output.text) ?? run.output.text;
    // Annotations accumulate across updates (GitHub appends each batch of up to 50).
    if (Array.isArray(output.annotations)) run.output.annotations.push(...output.annotations);
  }
  if (Array.isArray(body.actions)) run.actions = body.actions;
  run.requests.push(body);
}

function findRun(c: RouteContext): { repo: RepoRecord; run: CheckRunRecord } {
  const repo = requireRepo(c);
  const run = c.core.state.checkRuns.find((r) => r.repo === repo.fullName && r.id === c.params.check_run_id);
  if (!run) throw notFound();
  return { repo, run };
}

export const checkRoutes: RouteDef[] = [
  {
    method: 'post',
    path: '/repos/{owner}/{repo}/check-runs',
    handler: async (c) => {
      const repo = requireRepo(c);
      const headSha = await resolveShaOr422(repo, String(c.body.head_sha));
      const suite = findOrCreateSuite(c, repo, headSha);
      const run: CheckRunRecord = {
        id: c.core.state.nextId(),
        repo: repo.fullName,
        headSha,
        name: String(c.body.name),
        status: 'queued',
        conclusion: null,
        startedAt: nowIso(),
        completedAt: null,
        externalId: null,
        detailsUrl: null,
        output: { title: null, summary: null, text: null, annotations: [] },
        actions: [],
        checkSuiteId: suite.id,
        requests: [],
        createdBy: c.actor,
      };
      applyBody(run, c.body);
      c.core.state.checkRuns.push(run);
      return { status: 201, body: buildCheckRun(c.core.objects, repo, run) };
    },
  },
  {
    method: 'patch',
    path: '/repos/{owner}/{repo}/check-runs/{check_run_id}',
    handler: (c) => {
      const { repo, run } = findRun(c);
      applyBody(run, c.body);
      return { status: 200, body: buildCheckRun(c.core.objects, repo, run) };
    },
  },
  {
    method: 'get',
    path: '/repos/{owner}/{repo}/check-runs/{check_run_id}',
    handler: (c) => {
      const { repo, run } = findRun(c);
      return { status: 200, body: buildCheckRun(c.core.objects, repo, run) };
    },
  },
  {
    method: 'get',
    path: '/repos/{owner}/{repo}/commits/{ref}/check-runs',
    handler: async (c) => {
      const repo = requireRepo(c);
      const sha = await resolveShaOr422(repo, String(c.params.ref));
      let runs = c.core.state.checkRuns.filter((r) => r.repo === repo.fullName && r.headSha === sha);
      if (typeof c.query.check_name === 'string') runs = runs.filter((r) => r.name === c.query.check_name);
      if (typeof c.query.status === 'string') runs = runs.filter((r) => r.status === c.query.status);
      // filter=latest (the default) keeps the newest run of each name.
      if (c.query.filter !== 'all') runs = runs.filter((r) => !runs.some((o) => o.name === r.name && o.id > r.id));
      runs = [...runs].sort((a, b) => b.id - a.id);
      const page = paginate(runs, c.query, c.url);
      return {
        status: 200,
        body: { total_count: runs.length, check_runs: page.items.map((r) => buildCheckRun(c.core.objects, repo, r)) },
        headers: linkHeaders(page),
      };
    },
  },
  {
    method: 'get',
    path: '/repos/{owner}/{repo}/commits/{ref}/check-suites',
    handler: async (c) => {
      const repo = requireRepo(c);
      const sha = await resolveShaOr422(repo, String(c.params.ref));
      const suites = c.core.state.checkSuites.filter((s) => s.repo === repo.fullName && s.headSha === sha);
      const head = await readCommit(repo.gitDir, sha);
      const page = paginate(suites, c.query, c.url);
      const body = page.items.map((s) =>
        buildCheckSuite(
          c.core.objects,
          repo,
          s,
          c.core.state.checkRuns.filter((r) => r.checkSuiteId === s.id),
          head,
        ),
      );
      return { status: 200, body: { total_count: suites.length, check_suites: body }, headers: linkHeaders(page) };
    },
  },
  {
    method: 'post',
    path: '/repos/{owner}/{repo}/check-suites/{check_suite_id}/rerequest',
    handler: (c) => {
      const repo = requireRepo(c);
      const suite = c.core.state.checkSuites.find((s) => s.repo === repo.fullName && s.id === c.params.check_suite_id);
      if (!suite) throw notFound();
      suite.rerequests += 1;
      return { status: 201, body: {} };
    },
  },
];
