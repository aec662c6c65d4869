import { platform, release } from 'node:os';
import type { Attributes } from '@spool/api';
import { ATTR_OS_TYPE, ATTR_OS_VERSION } from '@spool/semconv/incubating';
import type { Env } from './env-config.js';
import type { ResourceDetector } from './resource-detector.js';

/** Node's `os.platform()` to the semantic conventions' `os.type` values. */
const OS_TYPE: Readonly<Record<string, string>> = {
  win32: 'windows',
  sunos: 'solaris',
  os400: 'z_os',
};

/** Detects `os.type` (semantic-convention names: `linux`, `darwin`, `windows`, ...) and `os.version`. */
export class OsDetector implements ResourceDetector {
  readonly name = 'os';

  detect(_env: Env): Attributes {
    const p = platform();
    return { [ATTR_OS_TYPE]: OS_TYPE[p] ?? p, [ATTR_OS_VERSION]: release() };
  }
}
