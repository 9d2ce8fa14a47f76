import { failed, passed, type ReadinessCheck } from '../readiness-check.js';

export const CGROUP_V2_CONTROLLERS = '/sys/fs/cgroup/cgroup.controllers';
export const PROC_CGROUPS = '/proc/cgroups';
const PROC_CMDLINE = '/proc/cmdline';
const DEVICE_TREE_MODEL = '/proc/device-tree/model';

/**
 * Whether the kernel's memory controller is on, so that a container's memory
 * limit holds: cgroup v2 lists it in the root's cgroup.controllers, cgroup v1
 * enables it in /proc/cgroups. Raspberry Pi OS switches it off unless
 * cgroup_enable=memory is on the kernel command line, the most common
 * complaint of every container system on a Pi.
 */
export const MEMORY_CGROUP_CHECK: ReadinessCheck = {
  name: 'memory-cgroup',
  run(context) {
    const { files } = context;
    const controllers = files.readText(CGROUP_V2_CONTROLLERS);
    let enabled: boolean;
    let where: string;
    if (controllers !== null) {
      enabled = controllers.split(/\s+/).includes('memory');
      where = `cgroup v2: ${CGROUP_V2_CONTROLLERS} ${enabled ? 'lists' : 'does not list'} memory`;
    } else {
      const cgroups = files.readText(PROC_CGROUPS);
      if (cgroups === null) {
        return failed(`neither ${CGROUP_V2_CONTROLLERS} nor ${PROC_CGROUPS} can be read: memory limits cannot be checked`, 'mount the cgroup file system (systemd does), and run the node on Linux');
      }
      const memory = cgroups.split('\n').map((line) => line.trim().split(/\s+/)).find((fields) => fields[0] === 'memory');
      enabled = memory?.[3] === '1';
      where = `cgroup v1: ${PROC_CGROUPS} ${memory === undefined ? 'has no memory controller' : `has memory ${enabled ? 'enabled' : 'disabled'}`}`;
    }
    if (enabled) return passed(`memory limits of containers can be enforced (${where})`);
    const commandLine = files.readText(PROC_CMDLINE) ?? '';
    const disabledOnCommandLine = /(^|\s)cgroup_disable=memory(\s|$)/.test(commandLine);
    const raspberryPi = (files.readText(DEVICE_TREE_MODEL) ?? '').includes('Raspberry Pi');
    const why = raspberryPi
      ? 'on Raspberry Pi OS the memory controller is off unless cgroup_enable=memory is on the kernel command line'
      : disabledOnCommandLine
        ? 'the kernel command line has cgroup_disable=memory'
        : 'the kernel was started without it';
    return failed(
      `memory limits of containers cannot be enforced, one container can take all the board's memory: the kernel's memory controller is off (${where}; ${why})`,
      raspberryPi
        ? 'add cgroup_enable=memory to the end of the single line in /boot/firmware/cmdline.txt (/boot/cmdline.txt before Bookworm), then reboot'
        : disabledOnCommandLine
          ? 'remove cgroup_disable=memory from the kernel command line (GRUB_CMDLINE_LINUX in /etc/default/grub, then sudo update-grub) and reboot'
          : 'add cgroup_enable=memory to the kernel command line (GRUB_CMDLINE_LINUX in /etc/default/grub, then sudo update-grub) and reboot',
    );
  },
};
