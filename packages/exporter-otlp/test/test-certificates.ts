// Certificates made for the tests with the openssl CLI: a CA, a server
// certificate for 127.0.0.1/localhost, and a client certificate for mutual TLS.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  readonly ca: Buffer;
  readonly serverCert: Buffer;
  readonly serverKey: Buffer;
  readonly clientCert: Buffer;
  readonly clientKey: Buffer;
  /** A second CA that signed nothing here: trusting it must fail verification. */
  readonly otherCa: Buffer;
}

/** Whether the openssl CLI is on the PATH (TLS tests skip without it). */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function makeCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'spool-otlp-tls-'));
  const f = (name: string) => join(dir, name);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  try {
    for (const ca of ['ca', 'other-ca']) {
      ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f(`${ca}.key`), '-out', f(`${ca}.crt`),
        '-days', '2', '-subj', `/CN=Spool Test ${ca}`);
    }
    writeFileSync(f('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
    writeFileSync(f('client.ext'), 'extendedKeyUsage=clientAuth\n');
    for (const who of ['server', 'client']) {
      ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f(`${who}.key`), '-out', f(`${who}.csr`), '-subj', `/CN=spool-${who}`);
      ssl('x509', '-req', '-in', f(`${who}.csr`), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial',
        '-out', f(`${who}.crt`), '-days', '2', '-extfile', f(`${who}.ext`));
    }
    return {
      ca: readFileSync(f('ca.crt')),
      serverCert: readFileSync(f('server.crt')),
      serverKey: readFileSync(f('server.key')),
      clientCert: readFileSync(f('client.crt')),
      clientKey: readFileSync(f('client.key')),
      otherCa: readFileSync(f('other-ca.crt')),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
