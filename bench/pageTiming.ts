// Timing in a page: from an action to the first painted frame where a condition holds.
import type { Page } from '@playwright/test';

/**
 * Runs `action` in the page and resolves to the ms until `done()` holds at a painted frame.
 * Written as source text: tsx wraps functions in a helper that does not exist in the page.
 */
export async function timeInPage(page: Page, action: string, done: string, timeoutMs = 60_000): Promise<number> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const t0 = performance.now();
    (() => { ${action} })();
    const check = () => {
      if ((() => ${done})()) requestAnimationFrame(() => resolve(performance.now() - t0));
      else if (performance.now() - t0 > ${timeoutMs}) reject(new Error('condition not met in ${timeoutMs / 1000} s: ' + ${JSON.stringify(done)}));
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })`) as Promise<number>;
}
