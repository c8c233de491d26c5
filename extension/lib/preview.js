// @ts-check
// A page that shows a preview (the popup's last view, lib/last-view.js) before storage has answered says so here, and
// every action waits for the real thing: Save, "Log in", the token's buttons and the profile list act only on what
// storage holds, never on the preview. Pages without a preview never wait.

/** @type {Promise<void> | null} */
let pending = null;

/**
 * Starts a preview; returns the function that ends it (call it once what storage holds is on screen, or failed).
 * @returns {() => void}
 */
export function startPreview() {
  /** @type {() => void} */
  let end = () => {};
  pending = new Promise((resolve) => {
    end = resolve;
  });
  return () => {
    pending = null;
    end();
  };
}

/** Resolves once no preview is on screen (at once when there is none). */
export const untilLoaded = () => pending ?? Promise.resolve();

/** Whether a preview is on screen now. */
export const previewing = () => pending !== null;
