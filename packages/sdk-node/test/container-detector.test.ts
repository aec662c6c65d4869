import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ContainerDetector, containerIdFromCgroup, containerIdFromMountinfo } from '../src/index.js';
import { fixture } from './fixture-path.js';

const detect = (cgroup: string, mountinfo: string) =>
  new ContainerDetector({ cgroupPath: fixture(cgroup), mountinfoPath: fixture(mountinfo) }).detect({});

describe('ContainerDetector', () => {
  it('finds a Docker container id in a cgroup v1 file', () => {
    assert.deepEqual(detect('cgroup-v1-docker.txt', 'mountinfo-host.txt'), {
      'container.id': '4f797c539e6c745de61a93ca3ff892358ecbcaccd8414d5db545c38428142970',
    });
  });

  it('strips the runtime prefix and .scope suffix of a systemd-style Kubernetes cgroup', () => {
    assert.deepEqual(detect('cgroup-v1-kubepods-systemd.txt', 'mountinfo-host.txt'), {
      'container.id': 'a3b1c2d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcdef0',
    });
  });

  it('finds an ECS task container id', () => {
    assert.deepEqual(detect('cgroup-v1-ecs.txt', 'mountinfo-host.txt'), {
      'container.id': '3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d-2574236271',
    });
  });

  it('falls back to mountinfo on cgroup v2 with a private cgroup namespace', () => {
    assert.deepEqual(detect('cgroup-v2-private-ns.txt', 'mountinfo-v2-docker.txt'), {
      'container.id': 'be522444b60caf2d3934b8b24b916a8a314f4b68d4595aa419874657e8d103f2',
    });
    assert.deepEqual(detect('cgroup-v2-private-ns.txt', 'mountinfo-v2-podman.txt'), {
      'container.id': '2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819',
    });
  });

  it('never takes the Kubernetes pod sandbox id for the container id', () => {
    assert.deepEqual(detect('cgroup-v2-private-ns.txt', 'mountinfo-v2-containerd-sandbox.txt'), {});
  });

  it('finds nothing on a host, or when the files are missing', () => {
    assert.deepEqual(detect('cgroup-host.txt', 'mountinfo-host.txt'), {});
    assert.deepEqual(detect('no-such-file', 'no-such-file-either'), {});
    assert.deepEqual(new ContainerDetector({ cgroupPath: fixture(''), mountinfoPath: fixture('') }).detect({}), {});
  });

  it('ignores malformed lines and ids of the wrong length', () => {
    assert.equal(containerIdFromCgroup('garbage\n::\n1:cpu:/docker/abc123\n'), undefined);
    assert.equal(containerIdFromCgroup('1:cpu:/docker/' + 'g'.repeat(64)), undefined);
    assert.equal(containerIdFromMountinfo('1 2 3\n\n'), undefined);
    assert.equal(containerIdFromMountinfo(`1 2 0:1 /var/lib/docker/containers/${'a'.repeat(63)}/hostname /etc/hostname rw`), undefined);
  });

  it('only reads the mounts of /etc/hostname, /etc/hosts and /etc/resolv.conf', () => {
    const id = 'c'.repeat(64);
    assert.equal(containerIdFromMountinfo(`1 2 0:1 /var/lib/docker/containers/${id}/x /data rw`), undefined);
    assert.equal(containerIdFromMountinfo(`1 2 0:1 /var/lib/docker/containers/${id}/hosts /etc/hosts rw`), id);
  });
});
