/** xterm's stylesheet, imported as text (esbuild's text loader) so that only the terminal's lazy chunk holds it. */
declare module '@xterm/xterm/css/xterm.css' {
  const css: string;
  export default css;
}
