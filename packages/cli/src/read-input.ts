import { readFile } from 'node:fs/promises';
import { CliError } from './exit-codes.ts';
import { userPath } from './paths.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The text of a file argument, or of standard input for "-". */
export async function readTextArgument(argument: string): Promise<string> {
  if (argument === '-') return readStdin();
  try {
    return await readFile(userPath(argument), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `No such file: ${argument}` : `Cannot read ${argument}: ${(error as Error).message}`);
  }
}

export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
}
