import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { isRenditionName, RENDITION_NAMES } from '@microcred/wallet-export';
import { CliError, EXIT } from '../exit-codes.ts';
import { userPath } from '../paths.ts';
import { serviceClient, type ServiceOptions } from './service-client.ts';

/** `microcred export ID --rendition vc|vc-jwt|ob3|edc`: one rendition of an issued credential, from the running service. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description('download a rendition of an issued credential (calls the service): vc, vc-jwt, ob3 (Open Badge 3.0) or edc (sealed Europass credential)')
    .argument('<id>', 'the credential id (urn:uuid:…) or its bare UUID')
    .requiredOption('--rendition <name>', RENDITION_NAMES.join(' | '))
    .option('--out <file>', 'write the file here instead of stdout')
    .option('--url <url>', 'the service (default MICROCRED_URL)')
    .option('--token <token>', 'an API token with scope issue or manage (default MICROCRED_TOKEN)')
    .action(async (id: string, options: ServiceOptions & { rendition: string; out?: string }) => {
      if (!isRenditionName(options.rendition)) {
        throw new CliError(`Unknown rendition "${options.rendition}": use ${RENDITION_NAMES.join(', ')}.`, EXIT.usage);
      }
      // serviceClient checks --url and --token; a rendition is a file, not JSON, so it is fetched as it is.
      const client = serviceClient(options);
      const token = (options.token ?? process.env.MICROCRED_TOKEN) as string;
      const path = `/micro-credentials/${encodeURIComponent(id.replace(/^urn:uuid:/i, ''))}/renditions/${options.rendition}`;
      let response: Response;
      try {
        response = await fetch(`${client.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      } catch (error) {
        throw new CliError(`Cannot reach the service at ${client.url}: ${(error as Error).message}`);
      }
      const body = await response.text();
      if (response.status !== 200) {
        let detail = body.slice(0, 300);
        try {
          const problem = JSON.parse(body) as { title?: string; detail?: string };
          detail = `${problem.title ?? `HTTP ${response.status}`}${problem.detail ? `: ${problem.detail}` : ''}`;
        } catch {
          // not a problem document: keep the text
        }
        throw new CliError(detail);
      }
      const fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
      if (options.out) {
        await writeFile(userPath(options.out), body.endsWith('\n') ? body : `${body}\n`);
        process.stderr.write(`microcred: wrote ${options.rendition} (${response.headers.get('content-type')}) to ${options.out}\n`);
      } else {
        process.stdout.write(body.endsWith('\n') ? body : `${body}\n`);
        process.stderr.write(`microcred: ${options.rendition} (${response.headers.get('content-type')})${fileName ? `, file name ${fileName}` : ''}\n`);
      }
    });
}
