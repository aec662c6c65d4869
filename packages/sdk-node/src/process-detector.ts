import { basename } from 'node:path';
import { userInfo } from 'node:os';
import type { Attributes } from '@spool/api';
import {
  ATTR_PROCESS_COMMAND,
  ATTR_PROCESS_COMMAND_ARGS,
  ATTR_PROCESS_EXECUTABLE_NAME,
  ATTR_PROCESS_EXECUTABLE_PATH,
  ATTR_PROCESS_OWNER,
  ATTR_PROCESS_PID,
  ATTR_PROCESS_RUNTIME_DESCRIPTION,
  ATTR_PROCESS_RUNTIME_NAME,
  ATTR_PROCESS_RUNTIME_VERSION,
} from '@spool/semconv/incubating';
import type { Env } from './env-config.js';
import type { ResourceDetector } from './resource-detector.js';

/**
 * Detects the `process.*` attributes: pid, executable name and path, command,
 * command arguments, owner and the Node.js runtime name, version and
 * description. `process.owner` is left out when the user has no passwd entry
 * (common in containers running as an arbitrary uid).
 */
export class ProcessDetector implements ResourceDetector {
  readonly name = 'process';

  detect(_env: Env): Attributes {
    const attributes: Attributes = {
      [ATTR_PROCESS_PID]: process.pid,
      [ATTR_PROCESS_EXECUTABLE_NAME]: basename(process.execPath),
      [ATTR_PROCESS_EXECUTABLE_PATH]: process.execPath,
      [ATTR_PROCESS_COMMAND_ARGS]: [process.execPath, ...process.execArgv, ...process.argv.slice(1)],
      [ATTR_PROCESS_RUNTIME_NAME]: 'nodejs',
      [ATTR_PROCESS_RUNTIME_VERSION]: process.versions.node,
      [ATTR_PROCESS_RUNTIME_DESCRIPTION]: 'Node.js',
    };
    if (process.argv[1] !== undefined) attributes[ATTR_PROCESS_COMMAND] = process.argv[1];
    try {
      attributes[ATTR_PROCESS_OWNER] = userInfo().username;
    } catch {
      // no passwd entry for this uid: leave process.owner out
    }
    return attributes;
  }
}
