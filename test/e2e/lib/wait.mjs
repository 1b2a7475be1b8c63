// Bounded waiting on a condition: every wait in the editor tests goes through here, never a fixed sleep.
const SCALE = Number(process.env.CANDOR_E2E_TIMEOUT_SCALE ?? 1) || 1;

export const timeouts = {
  /** code-server answering /healthz, the workbench rendering. */
  startup: 90_000 * SCALE,
  /** The first Candor diagnostics after the window opens: extension host, server start, workspace lint. */
  firstDiagnostics: 60_000 * SCALE,
  /** One reaction of the editor or the server to an action. */
  step: 20_000 * SCALE,
};

/** Polls `probe` until it returns a truthy value and returns that; throws `describe()` after `timeout` ms. */
export async function waitFor(probe, { timeout = timeouts.step, interval = 100, what = 'condition', describe } = {}) {
  const deadline = Date.now() + timeout;
  let lastError;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const detail = describe ? await Promise.resolve(describe()).catch((error) => String(error)) : lastError ? String(lastError) : '';
      throw new Error(`Timed out after ${Math.round(timeout / 1000)} s waiting for ${what}${detail ? `\n${detail}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
