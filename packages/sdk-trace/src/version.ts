/**
 * The version of `@spool/sdk-trace`, reported as the `telemetry.sdk.version`
 * resource attribute. Kept in step with package.json by the release process.
 */
export const VERSION = '0.1.0';
