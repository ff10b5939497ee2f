// The return path's tables: event de-duplication and links, the forward-only delivery status
// per provider message, contact addresses learned from providers, and small settings records.

/** `prefix` is the PostgreSQL schema with its dot ('' for SQLite); `instant` and `json` per dialect. */
function eventsTables(prefix: string, instant: string, json: string): string {
	const p = prefix;
	return `ALTER TABLE ${p}delivery_events ADD COLUMN dedupe_key text;
	ALTER TABLE ${p}delivery_events ADD COLUMN channel text;
	ALTER TABLE ${p}delivery_events ADD COLUMN address text;
	ALTER TABLE ${p}delivery_events ADD COLUMN participant_id text;
	ALTER TABLE ${p}delivery_events ADD COLUMN communication_id text;
	CREATE UNIQUE INDEX delivery_events_dedupe ON ${p}delivery_events (dedupe_key);
	CREATE INDEX delivery_events_communication ON ${p}delivery_events (communication_id, status);
	CREATE TABLE ${p}message_states (
		provider_message_id text PRIMARY KEY,
		status text NOT NULL,
		rank integer NOT NULL,
		updated_at ${instant} NOT NULL
	);
	CREATE TABLE ${p}contact_addresses (
		channel text NOT NULL,
		address text NOT NULL,
		participant_id text NOT NULL,
		updated_at ${instant} NOT NULL,
		PRIMARY KEY (channel, address)
	);
	CREATE TABLE ${p}settings (
		key text PRIMARY KEY,
		value ${json} NOT NULL,
		updated_at ${instant} NOT NULL
	);
	INSERT INTO ${p}message_states (provider_message_id, status, rank, updated_at)
		SELECT DISTINCT provider_message_id, 'delivered', 2, min(received_at) FROM ${p}delivery_events
		WHERE lower(status) = 'delivered' GROUP BY provider_message_id;`;
}

export const SQLITE_EVENTS_MIGRATION = eventsTables('', 'TEXT', 'TEXT');

/** `schema` is an already quoted identifier. */
export function postgresEventsMigration(schema: string): string {
	return eventsTables(`${schema}.`, 'timestamptz', 'jsonb');
}
