// Chooses the ledger for nodes without a Communication Ledger credential, from n8n's own settings:
// the embedded SQLite file in a single process; in queue mode or multi-main, n8n's PostgreSQL
// database (its own schema) or, when that is not possible, a clear error naming the credential.
import { DEFAULT_POSTGRES_SCHEMA, type PostgresSettings } from './postgres-connection';

/** What the decision reads: the process environment, its command line, and `*_FILE` secrets. */
export interface N8nProcessSettings {
	env: Record<string, string | undefined>;
	/** process.argv: `n8n worker` and `n8n webhook` always run in queue mode. */
	argv: readonly string[];
	readFile(path: string): string;
}

export type DefaultLedgerChoice =
	| { backend: 'sqlite' }
	| { backend: 'postgres'; settings: PostgresSettings; why: string }
	| { backend: 'none'; why: string };

/** The credential a user adds to choose the ledger explicitly (its display name). */
export const LEDGER_CREDENTIAL_NAME = 'Communication Ledger';

const QUEUE_COMMANDS = new Set(['worker', 'webhook']);

/** n8n's own reading of a setting: the variable, else the file named by `<NAME>_FILE`, trimmed. */
function reader(settings: N8nProcessSettings): (name: string) => string | undefined {
	return (name) => {
		const { env } = settings;
		let raw: string | undefined;
		if (name in env) raw = env[name];
		else if (env[`${name}_FILE`]) raw = settings.readFile(String(env[`${name}_FILE`])).trim();
		// Like n8n: surrounding whitespace and one pair of matching quotes are dropped.
		return raw?.trim().replace(/^(['"])(.*)\1$/, '$2');
	};
}

function flag(value: string | undefined, fallback: boolean): boolean {
	const lower = value?.toLowerCase();
	if (lower === 'true' || lower === '1') return true;
	if (lower === 'false' || lower === '0') return false;
	return fallback;
}

/** Why this n8n process shares its work with others, or undefined in a single process. */
export function distributedReason(settings: N8nProcessSettings): string | undefined {
	const read = reader(settings);
	const command = settings.argv[2];
	if (command && QUEUE_COMMANDS.has(command)) return `n8n ${command} process (queue mode)`;
	if (read('EXECUTIONS_MODE') === 'queue') return 'queue mode (EXECUTIONS_MODE=queue)';
	if (flag(read('N8N_MULTI_MAIN_SETUP_ENABLED'), false))
		return 'multi-main (N8N_MULTI_MAIN_SETUP_ENABLED)';
	return undefined;
}

/** SSL exactly as n8n builds it for its own connection. */
function sslSettings(read: (name: string) => string | undefined): PostgresSettings['ssl'] {
	const ca = read('DB_POSTGRESDB_SSL_CA') ?? '';
	const cert = read('DB_POSTGRESDB_SSL_CERT') ?? '';
	const key = read('DB_POSTGRESDB_SSL_KEY') ?? '';
	const rejectUnauthorized = flag(read('DB_POSTGRESDB_SSL_REJECT_UNAUTHORIZED'), true);
	if (ca || cert || key || !rejectUnauthorized) {
		return {
			rejectUnauthorized,
			...(ca ? { ca } : {}),
			...(cert ? { cert } : {}),
			...(key ? { key } : {}),
		};
	}
	return flag(read('DB_POSTGRESDB_SSL_ENABLED'), false);
}

function postgresSettings(read: (name: string) => string | undefined): PostgresSettings {
	const port = Number(read('DB_POSTGRESDB_PORT'));
	return {
		host: read('DB_POSTGRESDB_HOST') || 'localhost',
		port: Number.isInteger(port) && port > 0 ? port : 5432,
		database: read('DB_POSTGRESDB_DATABASE') || 'n8n',
		user: read('DB_POSTGRESDB_USER') || 'postgres',
		password: read('DB_POSTGRESDB_PASSWORD') ?? '',
		schema: DEFAULT_POSTGRES_SCHEMA,
		ssl: sslSettings(read),
	};
}

/**
 * The message every node fails with when no shared ledger can be chosen; `failure` says why n8n's
 * own PostgreSQL database could not be used (without its password).
 */
export function missingLedgerMessage(why: string, failure?: string): string {
	const lead =
		`Communication ledger: this n8n runs as ${why}, so each process would keep its own ledger ` +
		`and planned messages, manual tasks and duplicate checks would be lost between them. ` +
		`Add a "${LEDGER_CREDENTIAL_NAME}" credential (backend PostgreSQL) to this node`;
	return failure
		? `${lead}; n8n's own PostgreSQL database could not be used for it: ${failure}`
		: `${lead}, or run n8n on PostgreSQL (DB_TYPE=postgresdb) so the ledger can use n8n's database.`;
}

/**
 * The default ledger for a node without the credential. A single process keeps the SQLite file;
 * a distributed n8n uses its PostgreSQL database (schema communication_actions) or none at all.
 */
export function defaultLedgerChoice(settings: N8nProcessSettings): DefaultLedgerChoice {
	const distributed = distributedReason(settings);
	if (!distributed) return { backend: 'sqlite' };
	const read = reader(settings);
	const dbType = read('DB_TYPE');
	if (dbType !== 'postgresdb') {
		return {
			backend: 'none',
			why: `${distributed} with n8n's database on ${dbType ? `DB_TYPE=${dbType}` : 'SQLite (DB_TYPE not set)'}`,
		};
	}
	return { backend: 'postgres', settings: postgresSettings(read), why: distributed };
}
