/** A service error as AWS JSON 1.1 sends it: `{"__type": ..., "Message": ...}` with a status code. */
export class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string | undefined,
    readonly status = 400,
    /**
     * Modeled SSM errors use `Message`; errors raised by the AWS front end (auth, throttling)
     * use lower-case `message`, as the real service does. Clients accept both.
     */
    readonly messageKey: 'Message' | 'message' | 'none' = 'Message',
  ) {
    super(message ?? type);
  }

  body(): Record<string, string> {
    const b: Record<string, string> = { __type: this.type };
    if (this.messageKey !== 'none') b[this.messageKey] = this.message;
    return b;
  }
}

/** "1 validation error detected: ..." the way the service words it. */
export function validationError(problems: string[]): ApiError {
  const n = problems.length;
  return new ApiError(
    'ValidationException',
    `${n} validation error${n === 1 ? '' : 's'} detected: ${problems.join('; ')}`,
    400,
    'message',
  );
}
