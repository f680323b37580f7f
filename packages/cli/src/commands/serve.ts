import type { Command } from 'commander';
import { startServer } from '@microcred/issuer';
import { CliError, EXIT } from '../exit-codes.ts';

/** `microcred serve [--demo]`: the issuer service, until SIGINT or SIGTERM. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the issuer service (settings from HOST, PORT, MICROCRED_PUBLIC_URL, DATABASE_URL, MICROCRED_DATA_DIR, …)')
    .option('--demo', 'create (once) a demo tenant, token, specification and credentials, and print where they are')
    .option('--host <host>', 'listen on this address (default HOST or 127.0.0.1)')
    .option('--port <port>', 'listen on this port (default PORT or 8080; 0 picks a free one)')
    .action(async (options: { demo?: boolean; host?: string; port?: string }) => {
      const port = options.port === undefined ? undefined : Number(options.port);
      if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) {
        throw new CliError(`--port must be a port number, got ${options.port}`, EXIT.usage);
      }
      let server;
      try {
        server = await startServer({
          demo: options.demo ?? false,
          ...(options.host ? { host: options.host } : {}),
          ...(port === undefined ? {} : { port }),
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new CliError(`The port is in use: ${(error as Error).message}. Set PORT or --port.`);
        if ((error as Error).name === 'SettingsError') throw new CliError((error as Error).message, EXIT.usage);
        throw error;
      }
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          process.stderr.write('microcred: stopping\n');
          void server.close().then(resolve, resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
