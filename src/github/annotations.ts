import type { Finding, Report, RuleResult, Status } from '../report/model.js';

export type AnnotationLevel = 'failure' | 'warning' | 'notice';

/** The Checks API's annotation shape (also what the Action turns into workflow commands). */
export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: AnnotationLevel;
  title: string;
  message: string;
}

// GitHub rejects longer titles and messages (255 / 64 KiB); keep them readable well below.
const MAX_TITLE = 255;
const MAX_MESSAGE = 4000;

export interface AnnotationOptions {
  /** Whether a repository-relative path is a file that exists (a missing input has no file to point at). */
  fileExists?: (path: string) => boolean;
}

/**
 * One annotation per finding that did not pass, pointing at the line that failed: the finding's
 * own file and line when it has them and the file exists, else the rule's declaration in the
 * rule file. Blocking problems come first, so that the limits keep the most important ones.
 */
export function buildAnnotations(report: Report, options: AnnotationOptions = {}): Annotation[] {
  const exists = options.fileExists ?? (() => true);
  const out: Annotation[] = [];
  for (const rule of report.rules) {
    for (const finding of rule.findings) {
      const level = annotationLevel(finding.status, rule);
      if (level === undefined) continue;
      const { path, line } = locate(finding, rule, report.config, exists);
      out.push({
        path,
        start_line: line,
        end_line: line,
        annotation_level: level,
        title: clip(`${rule.id}: ${finding.check}${finding.subject ? ` (${finding.subject})` : ''}`, MAX_TITLE),
        message: clip(finding.message, MAX_MESSAGE),
      });
    }
  }
  const rank: Record<AnnotationLevel, number> = { failure: 0, warning: 1, notice: 2 };
  return out.sort((a, b) => rank[a.annotation_level] - rank[b.annotation_level]);
}

/** Blocking problems are failures; a warning-severity rule's problems and broken inputs warn. */
export function annotationLevel(status: Status, rule: Pick<RuleResult, 'severity'>): AnnotationLevel | undefined {
  if (status === 'pass') return undefined;
  if (status === 'skip') return 'notice';
  if (status === 'warn') return 'warning';
  return rule.severity === 'error' ? 'failure' : 'warning';
}

function locate(finding: Finding, rule: RuleResult, configFile: string, exists: (path: string) => boolean) {
  if (finding.file !== null && finding.file !== '' && exists(finding.file)) {
    return { path: finding.file, line: positive(finding.line) ?? sameFileLine(finding.file, rule) ?? 1 };
  }
  const source = rule.source ?? { file: configFile, line: 1 };
  return { path: source.file, line: positive(source.line) ?? 1 };
}

function sameFileLine(file: string, rule: RuleResult): number | undefined {
  return rule.source?.file === file ? positive(rule.source.line) : undefined;
}

function positive(line: number | null | undefined): number | undefined {
  return typeof line === 'number' && Number.isInteger(line) && line > 0 ? line : undefined;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
