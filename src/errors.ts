/**
 * A failure the user can act on: its message is shown as is (one line, no stack).
 * `code` is a stable machine-readable tag for logs and tests.
 */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Bad command-line usage: exit code 2. */
export class UsageError extends UserError {
  override name = 'UsageError';
  constructor(message: string) {
    super('usage', message);
  }
}
