import type { Attributes } from '@spool/api';
import { ATTR_CONTAINER_ID } from '@spool/semconv';
import type { Env } from './env-config.js';
import { readSmallFile } from './read-small-file.js';
import type { ResourceDetector } from './resource-detector.js';

/** Options of {@link ContainerDetector}; the paths exist to point tests at fixture files. */
export interface ContainerDetectorOptions {
  /** cgroup membership file (cgroup v1, and v2 with the host's cgroup namespace). Default `/proc/self/cgroup`. */
  readonly cgroupPath?: string;
  /** Mount table, read when the cgroup file names no container (cgroup v2). Default `/proc/self/mountinfo`. */
  readonly mountinfoPath?: string;
}

const HEX64 = /^[0-9a-f]{64}$/;
/** An ECS Fargate task container id: 32 hex digits, a dash, a number. */
const ECS_TASK_ID = /^[0-9a-f]{32}-\d{1,10}$/;
/** Runtime prefixes systemd-style cgroup names put before the id (`docker-<id>.scope`). */
const SCOPE_PREFIX = /^(?:docker|cri-containerd|containerd|crio|libpod)-/;

/**
 * Detects `container.id`, the id the container runtime gave this container.
 *
 * It reads `/proc/self/cgroup` first (cgroup v1, where every line names the
 * container's cgroup); with cgroup v2 and a private cgroup namespace that file
 * is only `0::/`, so it then reads `/proc/self/mountinfo`, where the runtime's
 * bind mounts of `/etc/hostname`, `/etc/hosts` and `/etc/resolv.conf` come from
 * a folder named after the container. Outside a container, or on a system
 * without `/proc`, it finds nothing and returns `{}`.
 */
export class ContainerDetector implements ResourceDetector {
  readonly name = 'container';
  private readonly cgroupPath: string;
  private readonly mountinfoPath: string;

  constructor(options: ContainerDetectorOptions = {}) {
    this.cgroupPath = options.cgroupPath ?? '/proc/self/cgroup';
    this.mountinfoPath = options.mountinfoPath ?? '/proc/self/mountinfo';
  }

  detect(_env: Env): Attributes {
    const cgroup = readSmallFile(this.cgroupPath);
    let id = cgroup === undefined ? undefined : containerIdFromCgroup(cgroup);
    if (id === undefined) {
      const mountinfo = readSmallFile(this.mountinfoPath, 256 * 1024);
      if (mountinfo !== undefined) id = containerIdFromMountinfo(mountinfo);
    }
    return id === undefined ? {} : { [ATTR_CONTAINER_ID]: id };
  }
}

/**
 * Finds the container id in the text of a `/proc/<pid>/cgroup` file, or
 * returns undefined. Each line is `hierarchy-id:controllers:path`; the id is
 * the last path segment once a runtime prefix (`docker-`, `cri-containerd-`,
 * `crio-`, `libpod-`) and a `.scope` suffix are removed, when it is 64 hex
 * digits (Docker, containerd, CRI-O, Podman) or an ECS task id.
 */
export function containerIdFromCgroup(text: string): string | undefined {
  for (const line of text.split('\n')) {
    const first = line.indexOf(':');
    const second = first < 0 ? -1 : line.indexOf(':', first + 1);
    if (second < 0) continue;
    const path = line.slice(second + 1).trim();
    let last = path.slice(path.lastIndexOf('/') + 1);
    if (last.endsWith('.scope')) last = last.slice(0, -'.scope'.length);
    last = last.replace(SCOPE_PREFIX, '');
    if (HEX64.test(last) || ECS_TASK_ID.test(last)) return last;
  }
  return undefined;
}

/**
 * Finds the container id in the text of a `/proc/<pid>/mountinfo` file
 * (cgroup v2 hosts), or returns undefined. Only the mounts of `/etc/hostname`,
 * `/etc/hosts` and `/etc/resolv.conf` are considered; in their source path a
 * 64-hex segment following `containers` or `overlay-containers` (Docker,
 * Podman) is preferred, and one following `sandboxes` (the Kubernetes pod
 * sandbox, not this container) is never taken.
 */
export function containerIdFromMountinfo(text: string): string | undefined {
  let fallback: string | undefined;
  for (const line of text.split('\n')) {
    // Fields (proc(5)): id parent major:minor root mount-point options ... - fstype source super-options
    const fields = line.split(' ');
    if (fields.length < 5) continue;
    const mountPoint = fields[4];
    if (mountPoint !== '/etc/hostname' && mountPoint !== '/etc/hosts' && mountPoint !== '/etc/resolv.conf') continue;
    const segments = fields[3]!.split('/');
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i]!;
      if (!HEX64.test(segment)) continue;
      const before = i > 0 ? segments[i - 1] : '';
      if (before === 'containers' || before === 'overlay-containers') return segment;
      if (before !== 'sandboxes' && fallback === undefined) fallback = segment;
    }
  }
  return fallback;
}
