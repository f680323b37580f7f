export { run, buildProgram } from './main.ts';
export { EXIT, CliError } from './exit-codes.ts';
