/** Electron entry: wires only (STYLE habit 9). Decisions live in lifecycle, window, security, ipc-main. */
import { app } from 'electron';
import { registerPrivilegedSchemes, startApp } from './lifecycle';

registerPrivilegedSchemes();
startApp().catch((error: unknown) => {
  process.stderr.write(
    `AgentIQ Desktop failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  app.exit(1);
});
