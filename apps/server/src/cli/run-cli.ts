import { startupMessage } from '../startup-error.js';

/** Runs a command of the CLI; a failure prints one line (`kindred seed failed: …`) and exits 1, never a stack. */
export async function runCli(name: string, command: () => Promise<void>): Promise<void> {
  try {
    await command();
  } catch (error) {
    console.error(`kindred ${name} failed: ${startupMessage(error)}`);
    process.exit(1);
  }
}
