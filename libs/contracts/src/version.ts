/** The package version form: 1.2.3, 1.2.3-rc.1, 1.2.3+build.5. */
export const VERSION_PATTERN = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
