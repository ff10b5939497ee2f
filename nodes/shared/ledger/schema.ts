// The ledger's forward-only migrations, generated for both backends from one description of the
// tables. Append a new entry to migrate; never edit a released one (its index is its schema version).
import { postgresEventsMigration, SQLITE_EVENTS_MIGRATION } from './events-schema';

/** How each backend spells the description's column types. */
const COLUMN_TYPES = {
	sqlite: {
		seq: 'INTEGER PRIMARY KEY AUTOINCREMENT',
		text: 'TEXT',
		integer: 'INTEGER',
		real: 'REAL',
		json: 'TEXT',
		instant: 'TEXT',
	},
	postgres: {
		seq: 'bigserial PRIMARY KEY',
		text: 'text',
		integer: 'integer',
		real: 'double precision',
		json: 'jsonb',
		instant: 'timestamptz',
	},
} as const;

type Dialect = keyof typeof COLUMN_TYPES;
type ColumnType = keyof (typeof COLUMN_TYPES)['sqlite'];

interface TableSpec {
	name: string;
	/** `name type [constraints]`, the type one of ColumnType. */
	columns: string[];
	/** Table constraints after the columns, e.g. a composite primary key. */
	constraints?: string[];
	/** Index name -> indexed columns. */
	indexes?: Record<string, string>;
}

function isColumnType(value: string): value is ColumnType {
	return value in COLUMN_TYPES.sqlite;
}

function columnSql(column: string, dialect: Dialect): string {
	const [name, type, ...rest] = column.split(' ');
	if (!isColumnType(type)) throw new Error(`Ledger schema: unknown column type '${type}'`);
	return [name, COLUMN_TYPES[dialect][type], ...rest].join(' ');
}

/** CREATE TABLE and CREATE INDEX statements; `prefix` is the PostgreSQL schema with its dot. */
function createTables(tables: TableSpec[], dialect: Dialect, prefix: string): string {
	return tables
		.map((table) => {
			const lines = [
				...table.columns.map((column) => columnSql(column, dialect)),
				...(table.constraints ?? []),
			];
			const indexes = Object.entries(table.indexes ?? {}).map(
				([name, columns]) => `CREATE INDEX ${name} ON ${prefix}${table.name} (${columns});`,
			);
			return [
				`CREATE TABLE ${prefix}${table.name} (\n\t${lines.join(',\n\t')}\n);`,
				...indexes,
			].join('\n');
		})
		.join('\n\n');
}

const VERSION_1: TableSpec[] = [
	{
		name: 'communications',
		columns: [
			'seq seq',
			'id text NOT NULL UNIQUE',
			'idempotency_key text NOT NULL UNIQUE',
			'participant_id text NOT NULL',
			"name text NOT NULL DEFAULT ''",
			'channel text NOT NULL',
			'status text NOT NULL',
			'workflow_id text',
			'execution_id text',
			'node_name text',
			'item_index integer',
			'payload json',
			'result json',
			'scheduled_for instant',
			'expires_at instant',
			'resume_url text',
			'claimed_by text',
			'claimed_at instant',
			'dispatched_at instant',
			'attempts integer NOT NULL DEFAULT 0',
			'provider_message_id text',
			'sent_at instant',
			'created_at instant NOT NULL',
			'updated_at instant NOT NULL',
		],
		indexes: {
			communications_participant: 'participant_id, name',
			communications_dispatch: 'status, dispatched_at, scheduled_for',
			communications_execution: 'execution_id',
			communications_provider_message: 'provider_message_id',
		},
	},
	{
		name: 'profiles',
		columns: [
			'participant_id text PRIMARY KEY',
			'attributes json NOT NULL',
			'updated_at instant NOT NULL',
		],
	},
	{
		name: 'tasks',
		columns: [
			'seq seq',
			'id text NOT NULL UNIQUE',
			'participant_id text NOT NULL',
			'kind text NOT NULL',
			'status text NOT NULL',
			'assignee text',
			'assign_rule text NOT NULL',
			'message text',
			'outcome text',
			'completed_by text',
			'completed_at instant',
			'workflow_id text',
			'execution_id text',
			'resume_url text',
			'data json NOT NULL',
			'created_at instant NOT NULL',
			'updated_at instant NOT NULL',
		],
		indexes: { tasks_participant: 'participant_id, status' },
	},
	{
		name: 'call_log',
		columns: [
			'seq seq',
			'id text NOT NULL UNIQUE',
			'participant_id text NOT NULL',
			'external_call_id text UNIQUE',
			'direction text NOT NULL',
			'from_address text',
			'to_address text',
			'status text',
			'duration_seconds real',
			'recording_url text',
			'occurred_at instant NOT NULL',
			'data json NOT NULL',
			'created_at instant NOT NULL',
		],
		indexes: { call_log_participant: 'participant_id, occurred_at' },
	},
	{
		name: 'rate_hits',
		columns: ['key text NOT NULL', 'hit_at instant NOT NULL'],
		indexes: { rate_hits_key: 'key, hit_at' },
	},
	{
		name: 'delivery_events',
		columns: [
			'seq seq',
			'provider_message_id text NOT NULL',
			'status text NOT NULL',
			'payload json NOT NULL',
			'received_at instant NOT NULL',
		],
		indexes: { delivery_events_message: 'provider_message_id, received_at' },
	},
];

/** Per-execution batch records get their own table; older ones move out of communications. */
const VERSION_2: TableSpec[] = [
	{
		name: 'batches',
		columns: [
			'execution_id text NOT NULL',
			'node_name text NOT NULL',
			'resume_url text NOT NULL',
			'payload json NOT NULL',
			'created_at instant NOT NULL',
		],
		constraints: ['PRIMARY KEY (execution_id, node_name)'],
	},
];

/** The suppression list: addresses that opted out of a channel, one row per (channel, address). */
const VERSION_3: TableSpec[] = [
	{
		name: 'suppressions',
		columns: [
			'channel text NOT NULL',
			'address text NOT NULL',
			'reason text NOT NULL',
			'source text',
			'at instant NOT NULL',
			'created_at instant NOT NULL',
		],
		constraints: ['PRIMARY KEY (channel, address)'],
	},
];

/** Saved message templates: one row per template, one per immutable version. */
const VERSION_5: TableSpec[] = [
	{
		name: 'templates',
		columns: [
			'id text PRIMARY KEY',
			'channel text NOT NULL',
			'name text NOT NULL',
			'latest_version integer NOT NULL',
			'deleted_at instant',
			'created_at instant NOT NULL',
			'updated_at instant NOT NULL',
		],
		indexes: { templates_channel_name: 'channel, name' },
	},
	{
		name: 'template_versions',
		columns: [
			'template_id text NOT NULL',
			'version integer NOT NULL',
			'default_language text NOT NULL',
			'variants json NOT NULL',
			'created_at instant NOT NULL',
		],
		constraints: ['PRIMARY KEY (template_id, version)'],
	},
];

/** Which stored batch rows move to the batches table in version 2 (the same on both backends). */
const BATCH_ROWS = `channel = '__batch__' AND execution_id IS NOT NULL AND node_name IS NOT NULL
	AND resume_url IS NOT NULL AND payload IS NOT NULL`;

export const SQLITE_MIGRATIONS: readonly string[] = [
	createTables(VERSION_1, 'sqlite', ''),
	`${createTables(VERSION_2, 'sqlite', '')}
	INSERT OR REPLACE INTO batches (execution_id, node_name, resume_url, payload, created_at)
		SELECT execution_id, node_name, resume_url, payload, created_at FROM communications
		WHERE ${BATCH_ROWS}
		ORDER BY seq;
	DELETE FROM communications WHERE channel = '__batch__';`,
	createTables(VERSION_3, 'sqlite', ''),
	SQLITE_EVENTS_MIGRATION,
	createTables(VERSION_5, 'sqlite', ''),
];

/** `schema` is an already quoted identifier. */
export function postgresMigrations(schema: string): readonly string[] {
	const s = schema;
	return [
		createTables(VERSION_1, 'postgres', `${s}.`),
		`${createTables(VERSION_2, 'postgres', `${s}.`)}
		INSERT INTO ${s}.batches (execution_id, node_name, resume_url, payload, created_at)
			SELECT DISTINCT ON (execution_id, node_name) execution_id, node_name, resume_url, payload, created_at
			FROM ${s}.communications
			WHERE ${BATCH_ROWS}
			ORDER BY execution_id, node_name, seq DESC;
		DELETE FROM ${s}.communications WHERE channel = '__batch__';`,
		createTables(VERSION_3, 'postgres', `${s}.`),
		postgresEventsMigration(s),
		createTables(VERSION_5, 'postgres', `${s}.`),
	];
}
