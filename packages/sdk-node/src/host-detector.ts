import { arch, hostname, platform } from 'node:os';
import type { Attributes } from '@spool/api';
import { ATTR_HOST_ARCH, ATTR_HOST_ID, ATTR_HOST_NAME } from '@spool/semconv/incubating';
import type { Env } from './env-config.js';
import { readSmallFile } from './read-small-file.js';
import type { ResourceDetector } from './resource-detector.js';

/** Options of {@link HostDetector}. */
export interface HostDetectorOptions {
  /** Files tried in order for `host.id` on Linux. Default `/etc/machine-id`, `/var/lib/dbus/machine-id`. */
  readonly machineIdPaths?: readonly string[];
}

/** Node's `os.arch()` to the semantic conventions' `host.arch` values. */
const ARCH: Readonly<Record<string, string>> = {
  x64: 'amd64',
  arm: 'arm32',
  arm64: 'arm64',
  ia32: 'x86',
  ppc: 'ppc32',
  ppc64: 'ppc64',
  s390x: 's390x',
};

/**
 * Detects `host.name` (`os.hostname()`), `host.arch` and, on Linux, `host.id`
 * from the machine-id file. An unknown architecture is reported as Node names
 * it; a missing or empty machine-id file leaves `host.id` out.
 */
export class HostDetector implements ResourceDetector {
  readonly name = 'host';
  private readonly machineIdPaths: readonly string[];

  constructor(options: HostDetectorOptions = {}) {
    // The default files exist on Linux only; paths given explicitly are read anywhere (tests).
    this.machineIdPaths =
      options.machineIdPaths ?? (platform() === 'linux' ? ['/etc/machine-id', '/var/lib/dbus/machine-id'] : []);
  }

  detect(_env: Env): Attributes {
    const attributes: Attributes = {
      [ATTR_HOST_NAME]: hostname(),
      [ATTR_HOST_ARCH]: ARCH[arch()] ?? arch(),
    };
    for (const path of this.machineIdPaths) {
      const id = readSmallFile(path, 256)?.trim();
      if (id !== undefined && id !== '') {
        attributes[ATTR_HOST_ID] = id;
        break;
      }
    }
    return attributes;
  }
}
