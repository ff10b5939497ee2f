// What the e2e global setup started, written to a file so test files (own module registry) can reach it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExampleKind, ExampleRequest, ExampleWebhook } from '../../scripts/n8n/examples';
import type { N8nInstallation } from '../../scripts/n8n/install';
import { profilePaths } from '../../scripts/n8n/paths';
import type { Stack } from '../../scripts/n8n/stack';

export interface E2EExampleInfo {
	slug: string;
	id: string;
	name: string;
	kind: ExampleKind;
	webhooks: ExampleWebhook[];
	webhookUrls: string[];
	manualTrigger: string | undefined;
	/** Where a manual run of an 'other' example starts (its first trigger). */
	startNode: string | undefined;
	request: ExampleRequest | undefined;
	/** Published on import (webhook examples, and those with meta.activate). */
	activate: boolean;
	/** 'success' unless the example declares meta.exampleRun.expectedStatus (e.g. 'waiting'). */
	expectedStatus: string;
	/** False for examples that only write to the ledger: then nothing has to reach the sandbox. */
	expectsSandbox: boolean;
	active: boolean;
	provisionError: string | undefined;
}

export interface E2ERunInfo {
	n8nUrl: string;
	n8nPid: number;
	ports: { port: number; brokerPort: number };
	install: Omit<N8nInstallation, 'installedNow'>;
	sandboxUrl: string;
	owner: { email: string; password: string };
	cookie: string;
	credentials: Array<{ id: string; name: string; type: string }>;
	examples: E2EExampleInfo[];
	logFile: string;
	timings: Record<string, number>;
}

export const RUN_INFO_FILE = join(profilePaths('e2e').userFolder, 'run.json');

export function runInfoFromStack(
	stack: Pick<Stack, 'n8n' | 'provision' | 'sandbox' | 'install' | 'timings'>,
	owner: { email: string; password: string },
): E2ERunInfo {
	const { n8n, provision, sandbox } = stack;
	return {
		n8nUrl: n8n.url,
		n8nPid: n8n.pid,
		ports: n8n.ports,
		install: {
			nodeBinary: stack.install.nodeBinary,
			nodeVersion: stack.install.nodeVersion,
			n8nBin: stack.install.n8nBin,
			n8nVersion: stack.install.n8nVersion,
		},
		sandboxUrl: sandbox.httpUrl,
		owner,
		cookie: provision.cookie,
		credentials: provision.credentials.map(({ id, name, type }) => ({ id, name, type })),
		examples: provision.examples.map(({ example, webhookUrls, active, error }) => ({
			slug: example.slug,
			id: example.id,
			name: example.name,
			kind: example.kind,
			webhooks: example.webhooks,
			webhookUrls,
			manualTrigger: example.manualTrigger,
			startNode: example.startNode,
			request: example.request,
			activate: example.activate,
			expectedStatus: example.expectedStatus,
			expectsSandbox: example.expectsSandbox,
			active,
			provisionError: error,
		})),
		logFile: n8n.paths.logFile,
		timings: stack.timings,
	};
}

export function writeRunInfo(info: E2ERunInfo): void {
	writeFileSync(RUN_INFO_FILE, `${JSON.stringify(info, null, '\t')}\n`);
}

export function readRunInfo(): E2ERunInfo {
	try {
		return JSON.parse(readFileSync(RUN_INFO_FILE, 'utf8')) as E2ERunInfo;
	} catch {
		throw new Error(
			`No e2e run info at ${RUN_INFO_FILE}: run the e2e tests with \`npm run test:e2e\` (its global setup starts n8n)`,
		);
	}
}
