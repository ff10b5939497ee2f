// The small part of node-forge (a dependency of selfsigned, shipped without types) that sandbox/tls.ts uses.
declare module 'node-forge' {
	namespace pki {
		interface PublicKey {
			readonly n: unknown;
		}
		/** Anything that signs a finished digest; forge's own keys do, so does sandbox/tls.ts's native signer. */
		interface Signer {
			sign(digest: md.MessageDigest): string;
		}
		interface CertificateAttribute {
			name?: string;
			shortName?: string;
			value: string;
		}
		interface Certificate {
			serialNumber: string;
			publicKey: PublicKey;
			validity: { notBefore: Date; notAfter: Date };
			setSubject(attributes: CertificateAttribute[]): void;
			setIssuer(attributes: CertificateAttribute[]): void;
			setExtensions(extensions: Array<Record<string, unknown>>): void;
			sign(key: Signer, digest: md.MessageDigest): void;
		}
		function createCertificate(): Certificate;
		function publicKeyFromPem(pem: string): PublicKey;
		function certificateToPem(certificate: Certificate): string;
	}
	namespace md {
		interface MessageDigest {
			readonly algorithm: string;
			/** The digest as a forge byte buffer (binary string). */
			digest(): { getBytes(): string };
		}
		namespace sha256 {
			function create(): MessageDigest;
		}
	}
}
