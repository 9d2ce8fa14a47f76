/** 1–63 letters, digits and '-', starting with a letter and not ending with '-'. */
const HOSTNAME_LABEL = /^[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * Defence in depth: the API validates names, but a name is also an argument and a
 * hostname, so nothing else ever reaches an LXC command.
 */
export function assertContainerName(name: string): void {
  if (!HOSTNAME_LABEL.test(name)) {
    throw new Error(`Refusing container name ${JSON.stringify(name)}: it is not a hostname label`);
  }
}

/** A template is a name or a path to a template script; it must never read as an option. */
export function assertTemplateName(template: string): void {
  if (!/^[A-Za-z0-9_./][A-Za-z0-9_./-]*$/.test(template)) {
    throw new Error(`Refusing template ${JSON.stringify(template)}: expected a template name or path`);
  }
}
