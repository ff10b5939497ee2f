// Opens the ledger a node should use: the optional "Communication Ledger" credential, else the
// default for this n8n (embedded SQLite file; in queue mode n8n's own PostgreSQL database).
import { readFileSync } from 'node:fs';

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

import { defaultLedgerChoice, missingLedgerMessage } from './default-backend';
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

/** The ledger of nodes without the credential, chosen from this n8n process's settings. */
export async function defaultLedger(): Promise<CommunicationLedger> {
	const choice = defaultLedgerChoice({
		env: process.env,
		argv: process.argv,
		readFile: (path) => readFileSync(path, 'utf8'),
	});
	if (choice.backend === 'sqlite') return await getLedger();
	if (choice.backend === 'none') throw new Error(missingLedgerMessage(choice.why));
	try {
		return await getLedger({ backend: 'postgres', ...choice.settings });
	} catch (error) {
		const reason = redactSecrets((error as Error).message, [choice.settings.password]);
		throw new Error(missingLedgerMessage(choice.why, reason));
	}
}

/** The node's ledger: its credential when set (always wins), else the default above. */
export async function ledgerFor(context: LedgerContext): Promise<CommunicationLedger> {
	const hasCredential = Boolean(context.getNode().credentials?.[LEDGER_CREDENTIAL]);
	if (!hasCredential) return await defaultLedger();
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
