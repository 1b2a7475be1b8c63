// Rule failures: a rule that throws is reported once per rule id in the output channel; the other rules go on.

export type ErrorSink = (message: string) => void;

export class RuleErrorReporter {
  private readonly reported = new Set<string>();

  constructor(private readonly sink: ErrorSink) {}

  /** Reports the first failure of `ruleId`; later failures of the same rule are counted but not written again. */
  report(ruleId: string, error: unknown, path: string): boolean {
    if (this.reported.has(ruleId)) return false;
    this.reported.add(ruleId);
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    try {
      this.sink(
        `Candor: the rule ${ruleId} failed on ${path} and was skipped there; the other rules' findings are shown. ` +
          `Further failures of this rule are not reported again. Please report this with the template that caused it.\n${detail}`,
      );
    } catch {
      // The output channel is gone; nothing left to tell.
    }
    return true;
  }

  /** Rule ids reported so far. */
  get ruleIds(): string[] {
    return [...this.reported];
  }
}
