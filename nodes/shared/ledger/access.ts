// Opens the ledger a node should use: the optional "Communication Ledger" credential, else the
// embedded SQLite file in the n8n user folder.
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IExecuteFunctions,
	IHookFunctions,
	INodeCredentialTestResult,
	ITriggerFunctions,
	IWebhookFunctions,
	IPollFunctions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';

import { redactSecrets } from '../errors';

import { getLedger, type LedgerConfig } from './index';
import type { CommunicationLedger } from './types';

export const LEDGER_CREDENTIAL = 'communicationLedgerApi';

type LedgerContext =
	| IExecuteFunctions
	| IHookFunctions
	| IWebhookFunctions
	| ITriggerFunctions
	| IPollFunctions
	| ILoadOptionsFunctions;

export function ledgerConfigFromCredential(data: ICredentialDataDecryptedObject): LedgerConfig {
	if (data.backend === 'postgres') {
		const ssl =
			data.ssl === 'require'
				? { rejectUnauthorized: true }
				: data.ssl === 'allowSelfSigned'
					? { rejectUnauthorized: false }
					: false;
		return {
			backend: 'postgres',
			host: String(data.host ?? 'localhost'),
			port: Number(data.port ?? 5432),
			database: String(data.database ?? 'postgres'),
			user: String(data.user ?? ''),
			password: String(data.password ?? ''),
			schema: data.schema ? String(data.schema) : undefined,
			ssl,
		};
	}
	const path =
		typeof data.sqlitePath === 'string' && data.sqlitePath.trim()
			? data.sqlitePath.trim()
			: undefined;
	return { backend: 'sqlite', path };
}

/** The node's ledger; nodes without the optional credential share the embedded default. */
export async function ledgerFor(context: LedgerContext): Promise<CommunicationLedger> {
	const hasCredential = Boolean(context.getNode().credentials?.[LEDGER_CREDENTIAL]);
	if (!hasCredential) return await getLedger();
	const data = await context.getCredentials(LEDGER_CREDENTIAL);
	return await getLedger(ledgerConfigFromCredential(data));
}

/** Credential test for "Communication Ledger": connects and creates/migrates the schema. */
export async function testLedgerCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	try {
		const ledger = await getLedger(ledgerConfigFromCredential(data));
		await ledger.getProfile('__connection_test__');
		return { status: 'OK', message: `Connected (${ledger.backend})` };
	} catch (error) {
		return {
			status: 'Error',
			message: redactSecrets((error as Error).message, [data.password]),
		};
	}
}
