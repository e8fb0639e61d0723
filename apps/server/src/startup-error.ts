/**
 * A start-up failure the operator can fix: its message is one line naming
 * the cause and the fix, printed as it is (no stack).
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** What to print for any failure at start: the message of a known one, a short line for the rest. */
export function startupMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n')[0]!.trim();
  return line || (error instanceof Error ? error.name : 'unknown error');
}
