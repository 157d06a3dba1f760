/** Thrown for any input the working-time functions refuse: they never return a silently wrong instant. */
export class WorkingTimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkingTimeError';
    Object.setPrototypeOf(this, WorkingTimeError.prototype);
  }
}
