// Sets a running n8n up for the demo/e2e: owner account, sandbox credentials (fixed ids), example workflows (published when webhook-triggered).
import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { N8nApi, type OwnerAccount } from './api';
import { webhookUrl, type ExampleWorkflow } from './examples';
import { isRecord } from './json';
import { runN8nCli, type RunningN8n } from './process';
import type { SandboxCredential } from './sandbox-credentials';

/** Local-only login for the demo and e2e instances (n8n wants 8+ characters, a digit and an uppercase letter). */
export const LOCAL_OWNER: OwnerAccount = {
	email: 'demo@example.com',
	password: 'Sandbox-Demo-2026',
	firstName: 'Demo',
	lastName: 'Owner',
};

export interface ProvisionedExample {
	example: ExampleWorkflow;
	webhookUrls: string[];
	/** Published (active): its production webhooks answer. */
	active: boolean;
	/** 'created' | 'updated' | 'unchanged' */
	change: 'created' | 'updated' | 'unchanged';
	/** Why it could not be imported or published (the demo still starts). */
	error: string | undefined;
}

export interface ProvisionResult {
	api: N8nApi;
	cookie: string;
	ownerCreated: boolean;
	credentials: SandboxCredential[];
	credentialsImported: boolean;
	examples: ProvisionedExample[];
}

interface ProvisionState {
	credentialsHash?: string;
	workflows?: Record<string, string>;
}

function readState(file: string): ProvisionState {
	try {
		const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
		return isRecord(parsed) ? (parsed as ProvisionState) : {};
	} catch {
		return {};
	}
}

/**
 * Credentials go in through `n8n import:credentials`: REST cannot choose ids, and the examples reference
 * fixed ones. The CLI encrypts plain `data` with the instance key and upserts by id, and works while the
 * server runs (credentials are read from the database at execution time). Skipped when unchanged.
 */
async function importCredentials(
	n8n: RunningN8n,
	api: N8nApi,
	credentials: SandboxCredential[],
	state: ProvisionState,
): Promise<boolean> {
	if (credentials.length === 0) return false;
	const hash = createHash('sha256').update(JSON.stringify(credentials)).digest('hex');
	const existing = new Set((await api.listCredentials()).map((credential) => credential.id));
	if (
		state.credentialsHash === hash &&
		credentials.every((credential) => existing.has(credential.id))
	)
		return false;
	const file = join(n8n.paths.userFolder, `.credentials-import-${process.pid}.json`);
	writeFileSync(file, JSON.stringify(credentials));
	chmodSync(file, 0o600);
	try {
		await runN8nCli(n8n, ['import:credentials', `--input=${file}`]);
	} finally {
		rmSync(file, { force: true });
	}
	const imported = new Set((await api.listCredentials()).map((credential) => credential.id));
	const missing = credentials.filter((credential) => !imported.has(credential.id));
	if (missing.length > 0)
		throw new Error(
			`n8n import:credentials did not create ${missing.map((credential) => credential.id).join(', ')}`,
		);
	state.credentialsHash = hash;
	return true;
}

/** Creates or updates the workflow in place (same id), then publishes the saved version when the example asks for it (webhook ones always). */
async function importExample(
	api: N8nApi,
	n8nUrl: string,
	example: ExampleWorkflow,
	state: ProvisionState,
): Promise<ProvisionedExample> {
	const webhookUrls = example.webhooks.map((webhook) => webhookUrl(n8nUrl, webhook));
	const known = state.workflows ?? (state.workflows = {});
	let change: ProvisionedExample['change'] = 'unchanged';
	try {
		let workflow = await api.getWorkflow(example.id);
		if (!workflow) {
			workflow = await api.createWorkflow(example.id, example.payload);
			change = 'created';
		} else if (known[example.id] !== example.contentHash || workflow.isArchived) {
			if (workflow.isArchived) await api.unarchiveWorkflow(example.id);
			workflow = await api.updateWorkflow(example.id, example.payload);
			change = 'updated';
		}
		known[example.id] = example.contentHash;
		if (example.activate && workflow.activeVersionId !== workflow.versionId) {
			workflow = await api.activateWorkflow(example.id, workflow.versionId);
		}
		return {
			example,
			webhookUrls,
			active: workflow.activeVersionId !== null,
			change,
			error: undefined,
		};
	} catch (error) {
		// Forget the hash so the next start tries again.
		delete known[example.id];
		return {
			example,
			webhookUrls,
			active: false,
			change,
			error: error instanceof Error ? error.message : String(error),
		};
	}
}

export async function provisionInstance(
	n8n: RunningN8n,
	options: {
		owner: OwnerAccount;
		credentials: SandboxCredential[];
		examples: ExampleWorkflow[];
		/** Where production webhooks are served (queue mode: the webhook process); default n8n's URL. */
		webhookBaseUrl?: string;
	},
): Promise<ProvisionResult> {
	const api = new N8nApi(n8n.url);
	const ownerCreated = await api.ensureOwner(options.owner);
	const cookie = await api.login(options.owner);
	const stateFile = n8n.paths.provisionStateFile;
	const state = readState(stateFile);
	const saveState = (): void => writeFileSync(stateFile, `${JSON.stringify(state, null, '\t')}\n`);
	try {
		const credentialsImported = await importCredentials(n8n, api, options.credentials, state);
		const examples: ProvisionedExample[] = [];
		for (const example of options.examples)
			examples.push(await importExample(api, options.webhookBaseUrl ?? n8n.url, example, state));
		return {
			api,
			cookie,
			ownerCreated,
			credentials: options.credentials,
			credentialsImported,
			examples,
		};
	} finally {
		saveState();
	}
}
