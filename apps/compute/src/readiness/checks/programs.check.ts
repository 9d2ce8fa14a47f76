import { HOST_PROGRAMS, type HostProgram } from '@tinystack/lxc-driver';
import { failed, passed, type ReadinessCheck } from '../readiness-check.js';

/** Every program the node (and the host's preparation) runs, from the list tests keep complete. */
export const PROGRAMS_CHECK: ReadinessCheck = {
  name: 'programs',
  run(context) {
    const programs = Object.keys(HOST_PROGRAMS) as HostProgram[];
    const missing = programs.filter((program) => context.host.findProgram(program) === null);
    if (missing.length === 0) return passed(`all ${programs.length} programs the node runs are installed: ${programs.join(', ')}`);
    const packages = [...new Set(missing.map((program) => HOST_PROGRAMS[program].package))];
    return failed(
      `missing: ${missing.map((program) => `${program} (${HOST_PROGRAMS[program].why})`).join('; ')}`,
      `sudo apt-get install ${packages.join(' ')}`,
    );
  },
};
