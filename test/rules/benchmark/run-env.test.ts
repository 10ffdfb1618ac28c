import { expect, it } from 'vitest';
import { buildRunEnv } from '../../../src/rules/benchmark/run-env.js';

const run = { extra: [], home: '/t/home', tmp: '/t/tmp', ceiling: '/t', side: 'head' as const, runId: 'abc' };

it('passes what a GPU benchmark needs and withholds credentials, even under an allowed prefix', () => {
  const env = buildRunEnv(
    {
      PATH: '/usr/bin',
      LC_ALL: 'C.UTF-8',
      CUDA_VISIBLE_DEVICES: '1',
      NVIDIA_DRIVER_CAPABILITIES: 'compute',
      OMP_NUM_THREADS: '4',
      PYTHONPATH: '/src',
      CONDA_PREFIX: '/opt/conda',
      CUDA_AUTH_TOKEN: 'x',
      PYTHON_KEYRING_PASSWORD: 'x',
      CONDA_API_KEY: 'x',
      AWS_SECRET_ACCESS_KEY: 'x',
      GITHUB_WORKSPACE: '/w',
      RUNNER_TEMP: '/r',
      HOME: '/home/runner',
      TMPDIR: '/tmp',
    },
    run,
  );
  expect(env).toEqual({
    PATH: '/usr/bin',
    LC_ALL: 'C.UTF-8',
    CUDA_VISIBLE_DEVICES: '1',
    NVIDIA_DRIVER_CAPABILITIES: 'compute',
    OMP_NUM_THREADS: '4',
    PYTHONPATH: '/src',
    CONDA_PREFIX: '/opt/conda',
    HOME: '/t/home',
    TMPDIR: '/t/tmp',
    TMP: '/t/tmp',
    TEMP: '/t/tmp',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CEILING_DIRECTORIES: '/t',
    GIT_TERMINAL_PROMPT: '0',
    ML_GUARDRAILS_SIDE: 'head',
    ML_GUARDRAILS_RUN_ID: 'abc',
  });
});

it('passes the names the rule file lists, but never the runner’s GitHub credentials', () => {
  const env = buildRunEnv(
    { HF_HOME: '/cache/hf', HF_TOKEN: 'hf_x', GITHUB_TOKEN: 'ghs_x', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x', 'INPUT_GITHUB-TOKEN': 'x' },
    { ...run, extra: ['HF_HOME', 'HF_TOKEN', 'GITHUB_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'INPUT_GITHUB-TOKEN', 'MISSING'] },
  );
  expect(env.HF_HOME).toBe('/cache/hf');
  // Named explicitly by the trusted rule file: the operator chose to hand it to the benchmark.
  expect(env.HF_TOKEN).toBe('hf_x');
  expect(Object.keys(env).filter((name) => /GITHUB|ACTIONS|INPUT|MISSING/.test(name))).toEqual([]);
});
