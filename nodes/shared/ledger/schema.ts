// The ledger's forward-only migrations for both backends, kept side by side so they stay alike.
// Append a new entry to migrate; never edit a released one (its index is its schema version).

export const SQLITE_MIGRATIONS: readonly string[] = [
	`
	CREATE TABLE communications (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		id TEXT NOT NULL UNIQUE,
		idempotency_key TEXT NOT NULL UNIQUE,
		participant_id TEXT NOT NULL,
		name TEXT NOT NULL DEFAULT '',
		channel TEXT NOT NULL,
		status TEXT NOT NULL,
		workflow_id TEXT,
		execution_id TEXT,
		node_name TEXT,
		item_index INTEGER,
		payload TEXT,
		result TEXT,
		scheduled_for TEXT,
		expires_at TEXT,
		resume_url TEXT,
		claimed_by TEXT,
		claimed_at TEXT,
		dispatched_at TEXT,
		attempts INTEGER NOT NULL DEFAULT 0,
		provider_message_id TEXT,
		sent_at TEXT,
		created_at TEXT NOT NULL,
		updated_at TEXT NOT NULL
	);
	CREATE INDEX communications_participant ON communications (participant_id, name);
	CREATE INDEX communications_dispatch ON communications (status, dispatched_at, scheduled_for);
	CREATE INDEX communications_execution ON communications (execution_id);
	CREATE INDEX communications_provider_message ON communications (provider_message_id);

	CREATE TABLE profiles (
		participant_id TEXT PRIMARY KEY,
		attributes TEXT NOT NULL,
		updated_at TEXT NOT NULL
	);

	CREATE TABLE tasks (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		id TEXT NOT NULL UNIQUE,
		participant_id TEXT NOT NULL,
		kind TEXT NOT NULL,
		status TEXT NOT NULL,
		assignee TEXT,
		assign_rule TEXT NOT NULL,
		message TEXT,
		outcome TEXT,
		completed_by TEXT,
		completed_at TEXT,
		workflow_id TEXT,
		execution_id TEXT,
		resume_url TEXT,
		data TEXT NOT NULL,
		created_at TEXT NOT NULL,
		updated_at TEXT NOT NULL
	);
	CREATE INDEX tasks_participant ON tasks (participant_id, status);

	CREATE TABLE call_log (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		id TEXT NOT NULL UNIQUE,
		participant_id TEXT NOT NULL,
		external_call_id TEXT UNIQUE,
		direction TEXT NOT NULL,
		from_address TEXT,
		to_address TEXT,
		status TEXT,
		duration_seconds REAL,
		recording_url TEXT,
		occurred_at TEXT NOT NULL,
		data TEXT NOT NULL,
		created_at TEXT NOT NULL
	);
	CREATE INDEX call_log_participant ON call_log (participant_id, occurred_at);

	CREATE TABLE rate_hits (
		key TEXT NOT NULL,
		hit_at TEXT NOT NULL
	);
	CREATE INDEX rate_hits_key ON rate_hits (key, hit_at);

	CREATE TABLE delivery_events (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		provider_message_id TEXT NOT NULL,
		status TEXT NOT NULL,
		payload TEXT NOT NULL,
		received_at TEXT NOT NULL
	);
	CREATE INDEX delivery_events_message ON delivery_events (provider_message_id, received_at);
	`,
	// Per-execution batch records get their own table; older ones move out of communications.
	`
	CREATE TABLE batches (
		execution_id TEXT NOT NULL,
		node_name TEXT NOT NULL,
		resume_url TEXT NOT NULL,
		payload TEXT NOT NULL,
		created_at TEXT NOT NULL,
		PRIMARY KEY (execution_id, node_name)
	);
	INSERT OR REPLACE INTO batches (execution_id, node_name, resume_url, payload, created_at)
		SELECT execution_id, node_name, resume_url, payload, created_at FROM communications
		WHERE channel = '__batch__' AND execution_id IS NOT NULL AND node_name IS NOT NULL
			AND resume_url IS NOT NULL AND payload IS NOT NULL
		ORDER BY seq;
	DELETE FROM communications WHERE channel = '__batch__';
	`,
];

/** `schema` is an already quoted identifier. */
export function postgresMigrations(schema: string): readonly string[] {
	const s = schema;
	return [
		`
		CREATE TABLE ${s}.communications (
			seq bigserial PRIMARY KEY,
			id text NOT NULL UNIQUE,
			idempotency_key text NOT NULL UNIQUE,
			participant_id text NOT NULL,
			name text NOT NULL DEFAULT '',
			channel text NOT NULL,
			status text NOT NULL,
			workflow_id text,
			execution_id text,
			node_name text,
			item_index integer,
			payload jsonb,
			result jsonb,
			scheduled_for timestamptz,
			expires_at timestamptz,
			resume_url text,
			claimed_by text,
			claimed_at timestamptz,
			dispatched_at timestamptz,
			attempts integer NOT NULL DEFAULT 0,
			provider_message_id text,
			sent_at timestamptz,
			created_at timestamptz NOT NULL,
			updated_at timestamptz NOT NULL
		);
		CREATE INDEX communications_participant ON ${s}.communications (participant_id, name);
		CREATE INDEX communications_dispatch ON ${s}.communications (status, dispatched_at, scheduled_for);
		CREATE INDEX communications_execution ON ${s}.communications (execution_id);
		CREATE INDEX communications_provider_message ON ${s}.communications (provider_message_id);

		CREATE TABLE ${s}.profiles (
			participant_id text PRIMARY KEY,
			attributes jsonb NOT NULL,
			updated_at timestamptz NOT NULL
		);

		CREATE TABLE ${s}.tasks (
			seq bigserial PRIMARY KEY,
			id text NOT NULL UNIQUE,
			participant_id text NOT NULL,
			kind text NOT NULL,
			status text NOT NULL,
			assignee text,
			assign_rule text NOT NULL,
			message text,
			outcome text,
			completed_by text,
			completed_at timestamptz,
			workflow_id text,
			execution_id text,
			resume_url text,
			data jsonb NOT NULL,
			created_at timestamptz NOT NULL,
			updated_at timestamptz NOT NULL
		);
		CREATE INDEX tasks_participant ON ${s}.tasks (participant_id, status);

		CREATE TABLE ${s}.call_log (
			seq bigserial PRIMARY KEY,
			id text NOT NULL UNIQUE,
			participant_id text NOT NULL,
			external_call_id text UNIQUE,
			direction text NOT NULL,
			from_address text,
			to_address text,
			status text,
			duration_seconds double precision,
			recording_url text,
			occurred_at timestamptz NOT NULL,
			data jsonb NOT NULL,
			created_at timestamptz NOT NULL
		);
		CREATE INDEX call_log_participant ON ${s}.call_log (participant_id, occurred_at);

		CREATE TABLE ${s}.rate_hits (
			key text NOT NULL,
			hit_at timestamptz NOT NULL
		);
		CREATE INDEX rate_hits_key ON ${s}.rate_hits (key, hit_at);

		CREATE TABLE ${s}.delivery_events (
			seq bigserial PRIMARY KEY,
			provider_message_id text NOT NULL,
			status text NOT NULL,
			payload jsonb NOT NULL,
			received_at timestamptz NOT NULL
		);
		CREATE INDEX delivery_events_message ON ${s}.delivery_events (provider_message_id, received_at);
		`,
		`
		CREATE TABLE ${s}.batches (
			execution_id text NOT NULL,
			node_name text NOT NULL,
			resume_url text NOT NULL,
			payload jsonb NOT NULL,
			created_at timestamptz NOT NULL,
			PRIMARY KEY (execution_id, node_name)
		);
		INSERT INTO ${s}.batches (execution_id, node_name, resume_url, payload, created_at)
			SELECT DISTINCT ON (execution_id, node_name) execution_id, node_name, resume_url, payload, created_at
			FROM ${s}.communications
			WHERE channel = '__batch__' AND execution_id IS NOT NULL AND node_name IS NOT NULL
				AND resume_url IS NOT NULL AND payload IS NOT NULL
			ORDER BY execution_id, node_name, seq DESC;
		DELETE FROM ${s}.communications WHERE channel = '__batch__';
		`,
	];
}
