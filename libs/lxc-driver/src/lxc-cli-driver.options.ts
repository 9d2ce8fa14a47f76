/**
 * Settings of `LxcCliDriver`. An abstract class so that it doubles as the NestJS
 * injection token: `{ provide: LxcCliDriverOptions, useValue: { lxcPath: null, … } }`;
 * any plain object of this shape fits.
 */
export abstract class LxcCliDriverOptions {
  /** Directory of containers passed as `-P` to every LXC command; null = LXC's default (`lxc-config lxc.lxcpath`). */
  abstract readonly lxcPath: string | null;
  /** Timeout of each LXC command other than lxc-create. */
  abstract readonly commandTimeoutMs: number;
  /** Timeout of lxc-create, which runs a template (downloads, for some templates). */
  abstract readonly createTimeoutMs: number;
}
