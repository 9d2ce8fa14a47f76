// The bundler copies the version into the bundle at build time: nothing reads
// package.json at run time, so dist/ runs wherever it is copied.
import { version } from '../../../../package.json';

/** The TinyStack version this node runs (package.json). */
export const PACKAGE_VERSION: string = version;
