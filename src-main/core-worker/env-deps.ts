import type { CoreDeps } from '../core/core';
import type { DispatchStep } from '../core/replies/dispatcher';
import type { WorkerCoreDeps } from './protocol';

const STEPS: readonly DispatchStep[] = ['claimed', 'marked_sending', 'sent', 'recorded'];

/**
 * The environment's core options (platform/core-env.ts coreEnvOptions) as a worker's data: the
 * token and the WB address as they are; AGENTIQ_CRASH_AT, which coreEnvOptions turns into a hook
 * only when the shell honours it (never in a packaged app), as the step at which the worker exits.
 */
export function workerEnvDeps(
  options: Pick<CoreDeps, 'envToken' | 'avitoEnv' | 'wb' | 'avito' | 'afterDispatchStep'>,
  env: NodeJS.ProcessEnv = process.env,
): Pick<WorkerCoreDeps, 'envToken' | 'avitoEnv' | 'wb' | 'avito' | 'crashAt'> {
  const crashAt = env.AGENTIQ_CRASH_AT?.trim() as DispatchStep | undefined;
  return {
    envToken: options.envToken,
    avitoEnv: options.avitoEnv ?? null,
    wb: { baseUrl: options.wb?.baseUrl ?? null, pacing: options.wb?.pacing },
    avito: { baseUrl: options.avito?.baseUrl ?? null, pacing: options.avito?.pacing },
    crashAt: options.afterDispatchStep && crashAt && STEPS.includes(crashAt) ? crashAt : null,
  };
}
