/*
 * The environment a benchmark command gets: an allow-list, never the runner's whole env. A
 * pull request's code runs here, so a variable is passed only when benchmarks need it (paths,
 * locale, GPU and thread settings) or the trusted rule file names it in `env:`.
 */

/** Exact names passed through from the runner. */
const ALLOWED_NAMES = new Set([
  'PATH',
  'LANG',
  'LANGUAGE',
  'TZ',
  'USER',
  'LOGNAME',
  'SHELL',
  'LD_LIBRARY_PATH',
  'VIRTUAL_ENV',
  'pythonLocation',
  'Python_ROOT_DIR',
  'Python2_ROOT_DIR',
  'Python3_ROOT_DIR',
  'GPU_DEVICE_ORDINAL',
  'VECLIB_MAXIMUM_THREADS',
  'GOTO_NUM_THREADS',
  'XLA_FLAGS',
]);

/** Prefixes passed through: locale, CUDA/ROCm device selection, thread pools, Python, conda. */
const ALLOWED_PREFIXES = [
  'LC_',
  'CUDA_',
  'NVIDIA_',
  'HIP_',
  'ROCR_',
  'ROCM_',
  'HSA_',
  'OMP_',
  'KMP_',
  'MKL_',
  'OPENBLAS_',
  'NUMEXPR_',
  'PYTHON',
  'CONDA_',
];

/** Even under an allowed prefix, a name like these is a credential and is never passed. */
const CREDENTIAL = /TOKEN|SECRET|PASSWORD|PASSWD|PRIVATE|CREDENTIAL|AUTH|_KEY$|^KEY_|_KEY_/i;

/** The runner's own GitHub credentials: not passed even when the rule file's `env:` names them. */
const NEVER = /^(GITHUB_TOKEN|GH_TOKEN|GH_ENTERPRISE_TOKEN|ACTIONS_.*|INPUT_.*)$/i;

export interface RunEnvironment {
  /** Names the rule file's `env:` passes as they are. */
  extra: readonly string[];
  /** Per-invocation HOME and TMPDIR, so nothing in the runner's home is read or left behind. */
  home: string;
  tmp: string;
  /** Where git must stop looking for a repository: the folder above the tree copy. */
  ceiling: string;
  side: 'base' | 'head';
  runId: string;
}

/** The environment of one invocation, from the runner's `source` (process.env). */
export function buildRunEnv(source: NodeJS.ProcessEnv, run: RunEnvironment): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(source)) {
    if (value !== undefined && isAllowed(name)) env[name] = value;
  }
  for (const name of run.extra) {
    const value = source[name];
    if (value !== undefined && !NEVER.test(name)) env[name] = value;
  }
  return {
    ...env,
    HOME: run.home,
    TMPDIR: run.tmp,
    TMP: run.tmp,
    TEMP: run.tmp,
    // git inside the command sees no system or global config and no repository above the copy.
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CEILING_DIRECTORIES: run.ceiling,
    GIT_TERMINAL_PROMPT: '0',
    ML_GUARDRAILS_SIDE: run.side,
    ML_GUARDRAILS_RUN_ID: run.runId,
  };
}

function isAllowed(name: string): boolean {
  if (CREDENTIAL.test(name) || NEVER.test(name)) return false;
  return ALLOWED_NAMES.has(name) || ALLOWED_PREFIXES.some((prefix) => name.startsWith(prefix));
}
