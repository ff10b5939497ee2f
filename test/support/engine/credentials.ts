// Our small credentials helper for engine tests: decrypted test credentials by type, and
// n8n's generic credential authentication (headers / qs / body / basic auth templates).
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { ICredentialsHelper } from 'n8n-workflow';

type Credentials = Record<string, ICredentialDataDecryptedObject>;

/** Resolves `={{$credentials.x}}` and `=Bearer {{ $credentials.x }}` style templates. */
export function resolveCredentialTemplate(
	template: unknown,
	credentials: ICredentialDataDecryptedObject,
): unknown {
	if (typeof template !== 'string' || !template.startsWith('=')) return template;
	const body = template.slice(1);
	const whole = /^\{\{\s*\$credentials\.([\w.]+)\s*\}\}$/.exec(body);
	if (whole) return lookup(credentials, whole[1]);
	return body.replace(/\{\{\s*\$credentials\.([\w.]+)\s*\}\}/g, (_m, path: string) => {
		const value = lookup(credentials, path);
		return value === undefined || value === null ? '' : String(value);
	});
}

function lookup(source: ICredentialDataDecryptedObject, path: string): unknown {
	let current: unknown = source;
	for (const key of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private credentials: Credentials,
		private readonly credentialTypes: Map<string, ICredentialType>,
	) {
		super();
	}

	setCredentials(credentials: Credentials) {
		this.credentials = credentials;
	}

	getParentTypes(name: string): string[] {
		const type = this.credentialTypes.get(name);
		return type?.extends ?? [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		const options = requestOptions as IHttpRequestOptions;
		const type = this.credentialTypes.get(typeName);
		const authenticate = type?.authenticate;
		if (!authenticate) return options;
		if (typeof authenticate === 'function') return await authenticate(credentials, options);
		if (authenticate.type !== 'generic') return options;
		const { headers, qs, body, auth } = authenticate.properties as {
			headers?: Record<string, string>;
			qs?: Record<string, string>;
			body?: Record<string, string>;
			auth?: { username: string; password: string };
		};
		for (const [target, values] of [
			['headers', headers],
			['qs', qs],
			['body', body],
		] as const) {
			if (!values) continue;
			const existing = (options[target] ?? {}) as Record<string, unknown>;
			for (const [key, value] of Object.entries(values)) {
				existing[key] = resolveCredentialTemplate(value, credentials);
			}
			(options as unknown as Record<string, unknown>)[target] = existing;
		}
		if (auth) {
			options.auth = {
				username: String(resolveCredentialTemplate(auth.username, credentials) ?? ''),
				password: String(resolveCredentialTemplate(auth.password, credentials) ?? ''),
			};
		}
		return options;
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		_node: INode,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(_details: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		throw new Error(`Encrypted credentials are not available in tests (asked for ${type})`);
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_details: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.credentials[type];
		if (!data) throw new Error(`No test credentials of type '${type}' were given to the harness`);
		// A copy, as n8n's helper hands out a fresh decrypted object every time.
		return structuredClone(data);
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.credentialTypes.get(type)?.properties ?? [];
	}
}
