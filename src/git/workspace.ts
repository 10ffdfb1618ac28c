/**
 * A Workspace is one side of a comparison: the files of the repository as they are in the
 * working tree or at a commit. Rules read their inputs only through it, so the same rule code
 * evaluates the head and the baseline, and no rule can read outside the repository.
 */
export interface Workspace {
  /** Where the files come from: 'working tree' or a short commit sha. */
  readonly label: string;
  /** The commit (for the working tree: HEAD, or null in a repository without commits). */
  readonly sha: string | null;
  /** Absolute path of the repository's top-level folder. */
  readonly root: string;

  /**
   * File bytes, or null when the file does not exist. Throws InputError for paths that escape,
   * and for a file over `maxBytes`, before reading it.
   */
  readBytes(path: string, maxBytes?: number): Promise<Buffer | null>;
  /** File text (UTF-8), or null when the file does not exist. */
  readText(path: string, maxBytes?: number): Promise<string | null>;
  /** Whether a file or folder exists at this path. */
  exists(path: string): Promise<boolean>;
  /** Whether the path is a folder. */
  isDirectory(path: string): Promise<boolean>;
  /**
   * Files (not folders) matching a path, folder or glob, as sorted repository-relative POSIX
   * paths. A folder matches every file below it; a plain path matches itself if it exists.
   */
  listFiles(pattern: string): Promise<string[]>;
  /**
   * A path on local disk with this file's content, for tools that need a real file (DuckDB).
   * For a commit the blob is streamed into a temporary folder that `dispose` removes.
   * Null when the file does not exist.
   */
  localPath(path: string): Promise<string | null>;
  /** Removes temporary files this workspace created. */
  dispose(): Promise<void>;
}
