// The suppression list on both backends: one row per (channel, address), the first entry kept.
import type { Queryable } from './postgres-connection';
import type { NewSuppression, Suppression, SuppressionChannel } from './records';
import type { Row } from './rows';
import type { SqliteConnection } from './sqlite-connection';
import { toIsoInstant, type SqlValue } from './values';

export const SUPPRESSION_CHANNELS: readonly SuppressionChannel[] = [
	'sms',
	'email',
	'whatsapp',
	'telegram',
];

function channelOf(value: unknown): SuppressionChannel {
	const match = SUPPRESSION_CHANNELS.find((channel) => channel === value);
	if (match === undefined)
		throw new Error(`Communication ledger: unknown suppression channel '${String(value)}'`);
	return match;
}

function instant(row: Row, column: string): Date {
	const value = row[column];
	const date = value instanceof Date ? value : new Date(String(value));
	if (Number.isNaN(date.getTime()))
		throw new Error(`Communication ledger: column ${column} of a suppression is not a date`);
	return date;
}

function toSuppression(row: Row | undefined): Suppression {
	if (!row) throw new Error('Communication ledger: suppression upsert returned no row');
	const suppression: Suppression = {
		channel: channelOf(row.channel),
		address: String(row.address),
		reason: String(row.reason),
		at: instant(row, 'at'),
		createdAt: instant(row, 'created_at'),
	};
	if (row.source !== null && row.source !== undefined) suppression.source = String(row.source);
	return suppression;
}

function byAddress(rows: Row[]): Map<string, Suppression> {
	return new Map(rows.map((row) => [String(row.address), toSuppression(row)]));
}

/** Values for (channel, address, reason, source, at); the address must not be empty. */
function suppressionValues(entry: NewSuppression): SqlValue[] {
	if (entry.address.trim() === '')
		throw new Error('Communication ledger: a suppression needs an address');
	return [
		channelOf(entry.channel),
		entry.address,
		entry.reason,
		entry.source ?? null,
		toIsoInstant(entry.at, 'at'),
	];
}

const INSERT_COLUMNS = 'channel, address, reason, source, at, created_at';

export function suppressSqlite(db: SqliteConnection, entry: NewSuppression): Suppression {
	const values = suppressionValues(entry);
	return db.write(() => {
		db.run(
			`INSERT INTO suppressions (${INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (channel, address) DO NOTHING`,
			[...values, new Date().toISOString()],
		);
		return toSuppression(
			db.one('SELECT * FROM suppressions WHERE channel = ? AND address = ?', [
				values[0],
				values[1],
			]),
		);
	});
}

export function unsuppressSqlite(
	db: SqliteConnection,
	channel: SuppressionChannel,
	address: string,
): boolean {
	const removed = db.write(() =>
		db.all('DELETE FROM suppressions WHERE channel = ? AND address = ? RETURNING address', [
			channelOf(channel),
			address,
		]),
	);
	return removed.length > 0;
}

export function suppressedAmongSqlite(
	db: SqliteConnection,
	channel: SuppressionChannel,
	addresses: string[],
): Map<string, Suppression> {
	if (addresses.length === 0) return new Map();
	// One cached statement for any number of addresses: the list travels as one JSON array.
	const rows = db.all(
		`SELECT * FROM suppressions WHERE channel = ?
			AND address IN (SELECT value FROM json_each(?))`,
		[channelOf(channel), JSON.stringify([...new Set(addresses)])],
	);
	return byAddress(rows);
}

export async function suppressPostgres(
	db: Queryable,
	s: string,
	entry: NewSuppression,
): Promise<Suppression> {
	const values = suppressionValues(entry);
	// A concurrent insert of the same address makes this wait for it, then do nothing.
	const inserted = await db.one(
		`INSERT INTO ${s}.suppressions (${INSERT_COLUMNS})
		VALUES ($1, $2, $3, $4, $5::timestamptz, clock_timestamp())
		ON CONFLICT (channel, address) DO NOTHING RETURNING *`,
		values,
	);
	if (inserted) return toSuppression(inserted);
	return toSuppression(
		await db.one(`SELECT * FROM ${s}.suppressions WHERE channel = $1 AND address = $2`, [
			values[0],
			values[1],
		]),
	);
}

export async function unsuppressPostgres(
	db: Queryable,
	s: string,
	channel: SuppressionChannel,
	address: string,
): Promise<boolean> {
	const removed = await db.query(
		`DELETE FROM ${s}.suppressions WHERE channel = $1 AND address = $2 RETURNING address`,
		[channelOf(channel), address],
	);
	return removed.length > 0;
}

export async function suppressedAmongPostgres(
	db: Queryable,
	s: string,
	channel: SuppressionChannel,
	addresses: string[],
): Promise<Map<string, Suppression>> {
	if (addresses.length === 0) return new Map();
	const rows = await db.query(
		`SELECT * FROM ${s}.suppressions WHERE channel = $1 AND address = ANY($2::text[])`,
		[channelOf(channel), [...new Set(addresses)]],
	);
	return byAddress(rows);
}
