import { z } from 'zod';

// What the handlers in app.ts read from each event, checked at intake: a payload without it is a
// bad request (400 that names the field), not a TypeError in a handler (500 with a stack).
const name = z.string();
const sha = z.string().regex(/^([0-9a-f]{40}|[0-9a-f]{64})$/, 'a commit SHA (40 or 64 hex digits)');
const repository = z.object({ name, owner: z.object({ login: name }), clone_url: name, default_branch: name });
// The App's installation on the repository: Probot's client for the event acts as it.
const installation = z.object({ id: z.number().int().positive() });
const prRefs = z.array(z.object({ number: z.number().int() }));
const prSide = z.object({ sha, ref: name, repo: z.object({ full_name: name }) });

const shapes: Record<string, z.ZodType> = {
  pull_request: z.object({
    action: name,
    repository,
    installation,
    pull_request: z.object({
      number: z.number().int().positive(),
      draft: z.boolean().optional(),
      head: prSide.extend({ repo: z.object({ full_name: name }).nullable() }),
      base: prSide,
    }),
  }),
  check_suite: z.object({
    action: name,
    repository,
    installation,
    check_suite: z.object({ head_sha: sha, head_branch: name.nullable(), before: sha.nullable().optional(), pull_requests: prRefs }),
  }),
  check_run: z.object({
    action: name,
    repository,
    installation,
    check_run: z.object({
      name,
      head_sha: sha,
      pull_requests: prRefs,
      check_suite: z.object({ head_branch: name.nullable(), pull_requests: prRefs.optional() }),
      output: z.object({ text: name.nullable().optional() }),
      app: z.object({ slug: name.optional() }).nullable().optional(),
    }),
  }),
  issue_comment: z.object({
    action: name,
    repository,
    installation,
    issue: z.object({ number: z.number().int().positive(), pull_request: z.object({}).optional() }),
    comment: z.object({ body: z.string(), user: z.object({ login: name }).nullable() }),
  }),
};

/** Undefined when `payload` has what the App reads for `event`, else where it falls short (never its values). */
export function describeBadPayload(event: string, payload: unknown): string | undefined {
  const shape = shapes[event];
  if (shape === undefined) return undefined;
  const result = shape.safeParse(payload);
  if (result.success) return undefined;
  const issue = result.error.issues[0]!;
  const where = issue.path.length > 0 ? issue.path.join('.') : '(the payload)';
  return `${event} payload: \`${where}\`: ${issue.message}`;
}
