import xtermCss from '@xterm/xterm/css/xterm.css' with { loader: 'text' };

const STYLE_ID = 'ts-xterm-styles';

/**
 * Adds xterm's own stylesheet to the page, once. It is text in this lazy
 * chunk rather than a component stylesheet: xterm builds its DOM itself, out
 * of reach of Angular's style scoping, and the file is larger than the
 * console's budget for one component's styles. A <style> element is what
 * the manager's policy allows for styles (style-src 'unsafe-inline').
 */
export function addXtermStyles(document: Document): void {
  if (document.getElementById(STYLE_ID)) return;
  const style = document.createElement('style');
  style.id = STYLE_ID;
  style.textContent = xtermCss;
  document.head.append(style);
}
