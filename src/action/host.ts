/** Where a workflow command annotation points. */
export interface AnnotationPlace {
  title?: string | undefined;
  file?: string | undefined;
  startLine?: number | undefined;
  endLine?: number | undefined;
}

/**
 * What main.ts needs from the runner, so that it never imports @actions/* and can be driven
 * by tests: runner.ts implements it with @actions/core.
 */
export interface ActionHost {
  env: Record<string, string | undefined>;
  debug(message: string): void;
  info(message: string): void;
  notice(message: string, place?: AnnotationPlace): void;
  warning(message: string, place?: AnnotationPlace): void;
  error(message: string, place?: AnnotationPlace): void;
  /** Appends markdown to the job summary (GITHUB_STEP_SUMMARY). */
  writeSummary(markdown: string): Promise<void>;
}
