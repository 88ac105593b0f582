// The hub's own certificate authority and the server certificate it signs for the hub's addresses.
// Desks pin the authority (its SHA-256 fingerprint, checked by a person at pairing), never the
// server certificate, so the hub may issue a new one when its address changes.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createHash, randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 24 * 60 * 60 * 1000;

/** A certificate and its private key, both PEM. */
export interface KeyAndCertificate {
  certPem: string;
  keyPem: string;
}

/** Where the hub keeps its authority's key: the OS key store in the app, a 0600 file in browser mode. */
export interface SecretStore {
  read(name: string): Promise<Buffer | null>;
  write(name: string, data: Buffer): Promise<void>;
}

export interface HubTls {
  /** The server certificate followed by the authority's, as a TLS server sends them. */
  certChainPem: string;
  keyPem: string;
  caPem: string;
  /** SHA-256 of the authority's certificate, as browsers show it: `AB:CD:…`. */
  caFingerprint: string;
  /** base64 SHA-256 of the authority's public key (Chromium's --ignore-certificate-errors-spki-list). */
  caSpkiHash: string;
}

const caCertName = 'hub-ca.crt';
const caKeyName = 'hub-ca.key';

/** The authority from the store, made on first use; then a fresh server certificate for `names`. */
export async function loadHubTls(
  store: SecretStore,
  names: { addresses: string[]; hostnames: string[] },
  now: Date = new Date(),
): Promise<HubTls> {
  const storedCert = await store.read(caCertName);
  const storedKey = await store.read(caKeyName);
  let authority: KeyAndCertificate;
  if (storedCert !== null && storedKey !== null) {
    authority = { certPem: storedCert.toString('utf8'), keyPem: storedKey.toString('utf8') };
  } else {
    authority = await createAuthority(now);
    await store.write(caKeyName, Buffer.from(authority.keyPem));
    await store.write(caCertName, Buffer.from(authority.certPem));
  }
  const server = await issueServerCertificate(authority, names, now);
  return {
    certChainPem: server.certPem + authority.certPem,
    keyPem: server.keyPem,
    caPem: authority.certPem,
    caFingerprint: fingerprintOf(authority.certPem),
    caSpkiHash: spkiHashOf(authority.certPem),
  };
}

export async function createAuthority(now: Date): Promise<KeyAndCertificate> {
  const keys = await generateKeys();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=PPV Console hub authority ${randomBytes(4).toString('hex')}`,
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + 20 * 365 * DAY),
    keys,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: certificate.toString('pem') + '\n', keyPem: await pkcs8Pem(keys.privateKey) };
}

/** A server certificate for the hub's addresses and host names, signed by its authority. */
export async function issueServerCertificate(
  authority: KeyAndCertificate,
  names: { addresses: string[]; hostnames: string[] },
  now: Date,
): Promise<KeyAndCertificate> {
  const issuer = new x509.X509Certificate(authority.certPem);
  const signingKey = await webcrypto.subtle.importKey(
    'pkcs8',
    pemBody(authority.keyPem),
    algorithm,
    false,
    ['sign'],
  );
  const keys = await generateKeys();
  const alternativeNames = [
    ...names.addresses.filter((address) => isIP(address) !== 0).map((value) => ipName(value)),
    ...names.hostnames.map((value) => ({ type: 'dns' as const, value })),
  ];
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=PPV Console hub',
    issuer: issuer.subject,
    notBefore: new Date(now.getTime() - DAY),
    // Browsers refuse server certificates valid for more than 398 days.
    notAfter: new Date(now.getTime() + 397 * DAY),
    signingKey,
    publicKey: keys.publicKey,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(alternativeNames),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.publicKey),
    ],
  });
  return { certPem: certificate.toString('pem') + '\n', keyPem: await pkcs8Pem(keys.privateKey) };
}

/** SHA-256 of the certificate, upper-case hex in pairs: what the hub shows and a desk checks. */
export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

/** A fingerprint as a person may type it (any case, spaces, colons or none): 64 hex digits, or null. */
export function normaliseFingerprint(text: string): string | null {
  const hex = text.replace(/[\s:-]/g, '').toUpperCase();
  return /^[0-9A-F]{64}$/.test(hex) ? hex.replace(/(..)(?!$)/g, '$1:') : null;
}

export function spkiHashOf(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

async function generateKeys(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
}

async function pkcs8Pem(key: webcrypto.CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

function pemBody(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64');
}

/** A positive 16-byte serial number, as hex. */
function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

function ipName(value: string): { type: 'ip'; value: string } {
  return { type: 'ip', value };
}
