// A small client for n8n 2.41's REST API (/rest, session cookie): owner setup, login, workflows, executions, node types.
import { parseFlatted } from './flatted';
import { asArray, asRecord, isRecord, requireString, stringField, type JsonRecord } from './json';

export interface OwnerAccount {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export interface WorkflowPayload {
	name: string;
	nodes: unknown[];
	connections: JsonRecord;
	settings?: JsonRecord;
	pinData?: JsonRecord;
	meta?: JsonRecord;
}

export interface WorkflowSummary {
	id: string;
	name: string;
	versionId: string;
	/** The published version in n8n 2.x ("active" = has one). */
	activeVersionId: string | null;
	active: boolean;
	isArchived: boolean;
}

export type ExecutionStatus =
	'new' | 'running' | 'success' | 'error' | 'canceled' | 'crashed' | 'waiting' | 'unknown';

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	mode: string;
	status: ExecutionStatus;
	startedAt: string | null;
	stoppedAt: string | null;
}

export interface ExecutionDetail extends ExecutionSummary {
	/** runData per node name: each run's output items (`data.main[output][item].json`). */
	runData: JsonRecord;
	/** The execution's error, when it failed. */
	error: JsonRecord | undefined;
}

/** fetch says only "fetch failed"; this names the request and the socket's error. */
function connectionError(method: string, path: string, error: unknown): Error {
	const cause = (error as { cause?: { message?: string } } | null)?.cause?.message;
	return new Error(`${method} ${path} failed: ${cause ?? (error as Error).message}`, {
		cause: error,
	});
}

export class N8nApiError extends Error {
	constructor(
		message: string,
		readonly status: number,
		readonly body: string,
	) {
		super(message);
	}
}

function toWorkflowSummary(value: unknown): WorkflowSummary {
	const record = asRecord(value, 'workflow');
	return {
		id: requireString(record, 'id', 'workflow'),
		name: stringField(record, 'name') ?? '',
		versionId: stringField(record, 'versionId') ?? '',
		activeVersionId: stringField(record, 'activeVersionId') ?? null,
		active: record.active === true,
		isArchived: record.isArchived === true,
	};
}

function toExecutionSummary(value: unknown): ExecutionSummary {
	const record = asRecord(value, 'execution');
	return {
		id: String(record.id),
		workflowId: stringField(record, 'workflowId') ?? '',
		mode: stringField(record, 'mode') ?? '',
		status: (stringField(record, 'status') ?? 'unknown') as ExecutionStatus,
		startedAt: stringField(record, 'startedAt') ?? null,
		stoppedAt: stringField(record, 'stoppedAt') ?? null,
	};
}

export class N8nApi {
	cookie: string | undefined;

	constructor(
		readonly baseUrl: string,
		cookie?: string,
	) {
		this.cookie = cookie;
	}

	/** Calls /rest (or another path) and returns the `data` envelope's content. */
	async request(method: string, path: string, body?: unknown): Promise<unknown> {
		const headers: Record<string, string> = { accept: 'application/json' };
		if (body !== undefined) headers['content-type'] = 'application/json';
		if (this.cookie) headers.cookie = this.cookie;
		const send = async () =>
			await fetch(`${this.baseUrl}${path}`, {
				method,
				headers,
				body: body === undefined ? undefined : JSON.stringify(body),
			});
		let response: Response;
		try {
			response = await send();
		} catch (error) {
			// A kept-alive connection n8n closed just as it was reused: a GET is safe to ask again.
			if (method !== 'GET') throw connectionError(method, path, error);
			await new Promise((resolvePromise) => setTimeout(resolvePromise, 100));
			response = await send().catch((again: unknown) => {
				throw connectionError(method, path, again);
			});
		}
		const text = await response.text();
		if (!response.ok) {
			throw new N8nApiError(
				`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`,
				response.status,
				text,
			);
		}
		const cookie = response.headers.getSetCookie().find((line) => line.startsWith('n8n-auth='));
		if (cookie) this.cookie = cookie.split(';')[0];
		if (text === '') return undefined;
		const parsed: unknown = JSON.parse(text);
		return isRecord(parsed) && 'data' in parsed ? parsed.data : parsed;
	}

	async settings(): Promise<JsonRecord> {
		return asRecord(await this.request('GET', '/rest/settings'), 'settings');
	}

	/** Creates the owner on a fresh instance (POST /rest/owner/setup); returns false when one exists. */
	async ensureOwner(owner: OwnerAccount): Promise<boolean> {
		const settings = await this.settings();
		const management = isRecord(settings.userManagement) ? settings.userManagement : {};
		if (management.showSetupOnFirstLoad !== true) return false;
		await this.request('POST', '/rest/owner/setup', owner);
		return true;
	}

	/** Logs in and keeps the `n8n-auth` cookie for the next calls. */
	async login(owner: Pick<OwnerAccount, 'email' | 'password'>): Promise<string> {
		this.cookie = undefined;
		await this.request('POST', '/rest/login', {
			emailOrLdapLoginId: owner.email,
			password: owner.password,
		});
		if (!this.cookie) throw new Error('n8n did not set the n8n-auth cookie on login');
		return this.cookie;
	}

	async getWorkflow(id: string): Promise<WorkflowSummary | undefined> {
		// Asking first keeps n8n from logging a permission warning for every id it does not know.
		const exists = await this.request('GET', `/rest/workflows/${encodeURIComponent(id)}/exists`);
		if (!isRecord(exists) || exists.exists !== true) return undefined;
		return toWorkflowSummary(
			await this.request('GET', `/rest/workflows/${encodeURIComponent(id)}`),
		);
	}

	/** POST /rest/workflows keeps the given id, so examples have stable ids across instances. */
	async createWorkflow(id: string, payload: WorkflowPayload): Promise<WorkflowSummary> {
		return toWorkflowSummary(await this.request('POST', '/rest/workflows', { ...payload, id }));
	}

	/** Saves a new version in place; the published version stays until activateWorkflow. */
	async updateWorkflow(id: string, payload: WorkflowPayload): Promise<WorkflowSummary> {
		return toWorkflowSummary(
			await this.request('PATCH', `/rest/workflows/${encodeURIComponent(id)}`, payload),
		);
	}

	/** Publishes `versionId` (n8n 2.x "publish"): its production webhooks answer from now on. */
	async activateWorkflow(id: string, versionId: string): Promise<WorkflowSummary> {
		return toWorkflowSummary(
			await this.request('POST', `/rest/workflows/${encodeURIComponent(id)}/activate`, {
				versionId,
			}),
		);
	}

	async unarchiveWorkflow(id: string): Promise<void> {
		await this.request('POST', `/rest/workflows/${encodeURIComponent(id)}/unarchive`, {});
	}

	async listCredentials(): Promise<Array<{ id: string; name: string; type: string }>> {
		return asArray(await this.request('GET', '/rest/credentials'), 'credentials').map((value) => {
			const record = asRecord(value, 'credential');
			return {
				id: String(record.id),
				name: stringField(record, 'name') ?? '',
				type: stringField(record, 'type') ?? '',
			};
		});
	}

	/** Starts a manual run from the named trigger (POST /rest/workflows/:id/run); returns the execution id. */
	async runManually(workflowId: string, triggerNodeName: string): Promise<string> {
		const result = asRecord(
			await this.request('POST', `/rest/workflows/${encodeURIComponent(workflowId)}/run`, {
				triggerToStartFrom: { name: triggerNodeName },
			}),
			'run',
		);
		if (result.executionId === undefined)
			throw new Error(`n8n did not start an execution: ${JSON.stringify(result)}`);
		return String(result.executionId);
	}

	/** Newest first. */
	async listExecutions(workflowId: string): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const data = asRecord(
			await this.request('GET', `/rest/executions?filter=${filter}&limit=100`),
			'executions',
		);
		return asArray(data.results, 'executions.results').map(toExecutionSummary);
	}

	async getExecution(id: string): Promise<ExecutionDetail> {
		const record = asRecord(
			await this.request('GET', `/rest/executions/${encodeURIComponent(id)}`),
			'execution',
		);
		const data = typeof record.data === 'string' ? parseFlatted(record.data) : record.data;
		const resultData = isRecord(data) && isRecord(data.resultData) ? data.resultData : {};
		return {
			...toExecutionSummary(record),
			runData: isRecord(resultData.runData) ? resultData.runData : {},
			error: isRecord(resultData.error) ? resultData.error : undefined,
		};
	}

	/** Every node type n8n loaded (built-in and community), as the editor receives them. */
	async nodeTypes(): Promise<JsonRecord[]> {
		return asArray(await this.request('GET', '/types/nodes.json'), 'node types').filter(isRecord);
	}

	async credentialTypes(): Promise<JsonRecord[]> {
		return asArray(await this.request('GET', '/types/credentials.json'), 'credential types').filter(
			isRecord,
		);
	}
}
