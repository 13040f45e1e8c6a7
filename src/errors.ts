/** The message of anything thrown, for logs and for a send's recorded error. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
