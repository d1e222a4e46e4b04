/**
 * The HUD's styles, scoped by its shadow root: nothing reaches the host page. Dark by
 * default, light under `prefers-color-scheme: light` (theme `auto`) or theme `light`.
 */
import { element } from './dom.js';

/** The only CSS of the HUD. */
const HUD_CSS = `
:host { all: initial; position: fixed; z-index: 2147483000; top: 8px; right: 8px; }
:host([data-corner='top-left']) { right: auto; left: 8px; }
:host([data-corner='bottom-left']) { top: auto; right: auto; bottom: 8px; left: 8px; }
:host([data-corner='bottom-right']) { top: auto; bottom: 8px; }
:host([data-corner='inline']) { position: static; display: inline-block; }
.hud {
  --bg: rgb(17 19 26 / 0.92); --fg: #e6e6e6; --muted: #9aa4b2; --line: #30363d;
  --button: #21262d; --focus: #58a6ff;
  --minor: #d29922; --major: #e8772e; --critical: #e5534b; --ok: #3fb37f;
  font: 12px/1.35 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 8px;
  width: 264px; box-shadow: 0 4px 16px rgb(0 0 0 / 0.3); user-select: none;
}
.hud[data-theme='light'] {
  --bg: rgb(255 255 255 / 0.95); --fg: #1f2328; --muted: #59636e; --line: #d0d7de;
  --button: #f3f4f6; --focus: #0969da; --minor: #9a6700; --major: #bc4c00; --critical: #cf222e; --ok: #1a7f37;
}
@media (prefers-color-scheme: light) {
  .hud[data-theme='auto'] {
    --bg: rgb(255 255 255 / 0.95); --fg: #1f2328; --muted: #59636e; --line: #d0d7de;
    --button: #f3f4f6; --focus: #0969da; --minor: #9a6700; --major: #bc4c00; --critical: #cf222e; --ok: #1a7f37;
  }
}
header { display: flex; gap: 8px; align-items: center; padding: 6px 8px; cursor: move; }
header:focus-visible, button:focus-visible { outline: 2px solid var(--focus); outline-offset: 1px; }
header strong { font-weight: 600; margin-right: auto; }
.rate { font-variant-numeric: tabular-nums; }
.muted { color: var(--muted); }
button {
  font: inherit; color: inherit; background: var(--button); border: 1px solid var(--line);
  border-radius: 4px; padding: 2px 6px; cursor: pointer; min-height: 22px;
}
.body { padding: 0 8px 8px; }
.hud.minimised .body { display: none; }
.metric { border-top: 1px solid var(--line); padding-top: 4px; margin-top: 4px; }
.metric .row { display: flex; justify-content: space-between; gap: 6px; }
.metric canvas { display: block; width: 100%; height: 36px; margin: 2px 0; }
.verdict[data-state='regressed'] { color: var(--critical); font-weight: 600; }
.verdict[data-state='stable'] { color: var(--ok); }
.controls { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 6px; }
.status { min-height: 1.35em; margin-top: 4px; color: var(--muted); }
.toasts { list-style: none; margin: 0; padding: 0 8px; }
.toasts:empty { display: none; }
.toast {
  border-left: 4px solid var(--minor); background: var(--button); border-radius: 4px;
  margin: 0 0 8px; padding: 6px 8px; position: relative; overflow-wrap: anywhere;
}
.toast[data-severity='major'] { border-left-color: var(--major); }
.toast[data-severity='critical'] { border-left-color: var(--critical); }
.toast .title { font-weight: 600; padding-right: 24px; }
.toast ul { margin: 4px 0 0; padding-left: 16px; user-select: text; }
.toast .dismiss { position: absolute; top: 4px; right: 4px; padding: 0 6px; }
`;

/** A constructed stylesheet holding `css`, or undefined where the browser cannot construct one. */
function constructedSheet(css: string): CSSStyleSheet | undefined {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    return sheet;
  } catch {
    return undefined;
  }
}

/**
 * Styles the HUD's shadow root. A constructed stylesheet is what a page with a strict
 * Content-Security-Policy (`style-src 'self'`, no `'unsafe-inline'`) lets script add; an inline
 * `<style>` element is blocked there. Browsers without constructable stylesheets (Safari before
 * 16.4) get the `<style>` element, which such a policy blocks.
 */
export function adoptHudStyles(root: ShadowRoot): void {
  const sheet = 'adoptedStyleSheets' in root ? constructedSheet(HUD_CSS) : undefined;
  if (sheet) root.adoptedStyleSheets = [sheet];
  else root.prepend(element('style', '', HUD_CSS));
}
