// Generates a throw-away CA and a server certificate for 127.0.0.1/localhost at every start.
import { constants, generateKeyPairSync, privateEncrypt, randomBytes } from 'node:crypto';
import * as forge from 'node-forge';

export interface SandboxTls {
	/** PEM of the CA clients should trust. */
	ca: string;
	/** PEM of the server certificate followed by the CA, as servers send the chain. */
	cert: string;
	key: string;
}

interface KeyPair {
	publicPem: string;
	privatePem: string;
}

// Node's key generation is native and fast; forge's pure-JS one takes seconds for 2048 bits.
function rsaKeyPair(): KeyPair {
	const { publicKey, privateKey } = generateKeyPairSync('rsa', {
		modulusLength: 2048,
		publicKeyEncoding: { type: 'spki', format: 'pem' },
		privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
	});
	return { publicPem: publicKey, privatePem: privateKey };
}

// DER prefix of a PKCS#1 v1.5 DigestInfo for SHA-256; the 32-byte hash follows.
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

// forge builds the certificate; Node signs it. forge's pure-JS RSA takes ~1 s per signature under jest.
function nativeSigner(privatePem: string): forge.pki.Signer {
	return {
		sign(digest) {
			const hash = Buffer.from(digest.digest().getBytes(), 'binary');
			const signature = privateEncrypt(
				{ key: privatePem, padding: constants.RSA_PKCS1_PADDING },
				Buffer.concat([SHA256_DIGEST_INFO, hash]),
			);
			return signature.toString('binary');
		},
	};
}

/**
 * A positive 16-byte serial, as RFC 5280 requires: the leading bit clear, and the first byte never
 * zero (DER refuses an INTEGER that starts with a 00 byte not needed for the sign).
 */
export function serialNumber(random: (size: number) => Buffer = randomBytes): string {
	const bytes = random(16);
	bytes[0] = bytes[0] & 0x7f || 0x01;
	return bytes.toString('hex');
}

function validity(days: number): { notBefore: Date; notAfter: Date } {
	// Back-date a little so clock skew between processes never makes the cert "not yet valid".
	const notBefore = new Date(Date.now() - 60 * 60 * 1000);
	const notAfter = new Date(Date.now() + days * 24 * 60 * 60 * 1000);
	return { notBefore, notAfter };
}

export function generateSandboxTls(random: (size: number) => Buffer = randomBytes): SandboxTls {
	const caKeys = rsaKeyPair();
	const caKey = nativeSigner(caKeys.privatePem);
	const caSubject = [
		{ name: 'commonName', value: 'Communication Actions Sandbox CA' },
		{ name: 'organizationName', value: 'n8n-nodes-communication-actions sandbox' },
	];
	const ca = forge.pki.createCertificate();
	ca.serialNumber = serialNumber(random);
	ca.validity = validity(30);
	ca.publicKey = forge.pki.publicKeyFromPem(caKeys.publicPem);
	ca.setSubject(caSubject);
	ca.setIssuer(caSubject);
	ca.setExtensions([
		{ name: 'basicConstraints', cA: true, critical: true },
		{ name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
		{ name: 'subjectKeyIdentifier' },
	]);
	ca.sign(caKey, forge.md.sha256.create());

	const serverKeys = rsaKeyPair();
	const server = forge.pki.createCertificate();
	server.serialNumber = serialNumber(random);
	server.validity = validity(30);
	server.publicKey = forge.pki.publicKeyFromPem(serverKeys.publicPem);
	server.setSubject([{ name: 'commonName', value: 'localhost' }]);
	server.setIssuer(caSubject);
	server.setExtensions([
		{ name: 'basicConstraints', cA: false },
		{ name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
		{ name: 'extKeyUsage', serverAuth: true },
		{
			name: 'subjectAltName',
			altNames: [
				{ type: 2, value: 'localhost' },
				{ type: 7, ip: '127.0.0.1' },
				{ type: 7, ip: '::1' },
			],
		},
	]);
	server.sign(caKey, forge.md.sha256.create());

	const caPem = forge.pki.certificateToPem(ca);
	return {
		ca: caPem,
		cert: forge.pki.certificateToPem(server) + caPem,
		key: serverKeys.privatePem,
	};
}
