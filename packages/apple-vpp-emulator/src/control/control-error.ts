/** An error of the control API (`/_emulator`), answered as `{ error }` with an HTTP status. */
export class ControlError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}
