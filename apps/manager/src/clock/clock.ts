/** The manager's time source; tests drive a manual one. */
export abstract class Clock {
  abstract now(): Date;
}
