import type { Command } from 'commander';
import { startVerifierServer } from '@microcred/verifier';

export function registerVerifier(program: Command): void {
  const verifier = program.command('verifier').description('the verifier on its own');
  verifier
    .command('serve')
    .description('serve POST /credentials/verify, /presentations/verify and /verify (trust list: MICROCRED_TRUST_FILE)')
    .option('--host <host>', 'address to listen on', process.env.HOST ?? '127.0.0.1')
    .option('--port <port>', 'port to listen on', process.env.PORT ?? '8081')
    .action(async (options: { host: string; port: string }) => {
      const server = await startVerifierServer({ host: options.host, port: Number(options.port) });
      process.stdout.write(`${server.url}\n`);
      process.stderr.write(`microcred: the verifier listens on ${server.url} (POST /credentials/verify, /presentations/verify, /verify)\n`);
      await new Promise(() => undefined);
    });
}
