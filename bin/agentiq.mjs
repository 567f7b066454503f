#!/usr/bin/env node
// The `agentiq` command. Runs the TypeScript sources through tsx so it works straight after
// `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src-main/cli/main.ts');
