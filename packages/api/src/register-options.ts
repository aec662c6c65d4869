/** Options of the `setGlobal*` functions of `@spool/api`. */
export interface RegisterOptions {
  /**
   * Replace what is already registered instead of refusing. Without it a second
   * registration returns false and logs a diag error.
   */
  allowOverride?: boolean;
}
