import { failed, passed, type ReadinessCheck } from '../readiness-check.js';

const MEGABYTE = 1024 * 1024;

/** Free space on the disk of the lxcpath, against DISK_WARN_MB: containers, their logs and a rename in place need room. */
export const DISK_CHECK: ReadinessCheck = {
  name: 'disk',
  async run(context) {
    const lxcPath = await context.lxc.lxcPath();
    if (lxcPath === null) return failed('LXC cannot tell its lxcpath, so the free space for containers is unknown', 'install LXC (sudo apt-get install lxc), or set LXC_PATH');
    let free: number;
    try {
      free = context.host.freeBytes(lxcPath);
    } catch (error) {
      return failed(`the free space of ${lxcPath} cannot be read: ${(error as Error).message}`, `create it (sudo mkdir -p ${lxcPath}), or set LXC_PATH to another folder`);
    }
    const freeMb = Math.floor(free / MEGABYTE);
    const warnMb = context.settings.DISK_WARN_MB;
    if (freeMb >= warnMb) return passed(`${freeMb} MB free on the disk of ${lxcPath} (the check warns below ${warnMb} MB, DISK_WARN_MB)`);
    return failed(
      `only ${freeMb} MB free on the disk of ${lxcPath}, below DISK_WARN_MB (${warnMb} MB): new containers may not fit, and a full SD card stops the whole board`,
      'free space on that disk: delete containers no longer needed (tinystack delete NAME), shrink the logs (sudo journalctl --vacuum-size=50M), or move LXC_PATH to a larger disk',
    );
  },
};
