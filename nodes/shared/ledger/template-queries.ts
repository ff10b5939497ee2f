// The template store's SQL, written once for both backends (placeholders, schema and JSON access
// differ per dialect); each query comes with its parameters in placeholder order.
import type { TemplateChannel, TemplateQuery } from './templates';
import type { ParamStyle, SqlValue } from './values';

export interface TemplateDialect {
	/** Table prefix: '' for SQLite, the quoted schema and a dot for PostgreSQL. */
	prefix: string;
	param: ParamStyle;
	/** A text value at `path` (keys) inside the JSON column `column`. */
	jsonText(column: string, path: string[]): string;
	/** Serialises writers of one name until the transaction ends; null where writes are serial anyway. */
	nameLock(key: string): Query | null;
}

export interface Query {
	sql: string;
	params: SqlValue[];
}

/** Builds one query: `bind` adds a parameter and returns its placeholder. */
function query(
	dialect: TemplateDialect,
	build: (bind: (value: SqlValue, cast?: string) => string, t: string) => string,
): Query {
	const params: SqlValue[] = [];
	const bind = (value: SqlValue, cast?: string) => {
		params.push(value);
		return dialect.param(params.length, cast);
	};
	return { sql: build(bind, dialect.prefix), params };
}

const VERSION_COLUMNS = `t.id, t.channel, t.name, t.latest_version, t.created_at,
	v.version, v.default_language, v.variants, v.created_at AS saved_at`;

/** One version of a live template; `version` null means the latest. */
export function selectVersion(d: TemplateDialect, id: string, version: number | null): Query {
	return query(
		d,
		(bind, t) => `SELECT ${VERSION_COLUMNS} FROM ${t}templates t
		JOIN ${t}template_versions v ON v.template_id = t.id
			AND v.version = COALESCE(${bind(version, 'int')}, t.latest_version)
		WHERE t.id = ${bind(id)} AND t.deleted_at IS NULL`,
	);
}

/** Any stored template with this ID, deleted or not. */
export function selectAnyTemplate(d: TemplateDialect, id: string): Query {
	return query(d, (bind, t) => `SELECT id, deleted_at FROM ${t}templates WHERE id = ${bind(id)}`);
}

/** Another live template of the channel with this name (names compare case-insensitively). */
export function selectNameHolder(
	d: TemplateDialect,
	channel: TemplateChannel,
	name: string,
	exceptId: string,
): Query {
	return query(
		d,
		(bind, t) => `SELECT id FROM ${t}templates WHERE channel = ${bind(channel)}
		AND lower(name) = lower(${bind(name)}) AND deleted_at IS NULL AND id <> ${bind(exceptId)}`,
	);
}

export function insertTemplate(
	d: TemplateDialect,
	row: { id: string; channel: TemplateChannel; name: string; now: string },
): Query {
	return query(
		d,
		(
			bind,
			t,
		) => `INSERT INTO ${t}templates (id, channel, name, latest_version, created_at, updated_at)
		VALUES (${bind(row.id)}, ${bind(row.channel)}, ${bind(row.name)}, 1,
			${bind(row.now, 'timestamptz')}, ${bind(row.now, 'timestamptz')})`,
	);
}

/** Moves a live template to its next version number (renaming it too); returns latest_version. */
export function bumpVersion(d: TemplateDialect, id: string, name: string, now: string): Query {
	return query(
		d,
		(
			bind,
			t,
		) => `UPDATE ${t}templates SET latest_version = latest_version + 1, name = ${bind(name)},
			updated_at = ${bind(now, 'timestamptz')}
		WHERE id = ${bind(id)} AND deleted_at IS NULL RETURNING latest_version, channel`,
	);
}

export function insertVersion(
	d: TemplateDialect,
	row: { id: string; version: number; defaultLanguage: string; variants: string; now: string },
): Query {
	return query(
		d,
		(
			bind,
			t,
		) => `INSERT INTO ${t}template_versions (template_id, version, default_language, variants, created_at)
		VALUES (${bind(row.id)}, ${bind(row.version, 'int')}, ${bind(row.defaultLanguage)},
			${bind(row.variants, 'jsonb')}, ${bind(row.now, 'timestamptz')})`,
	);
}

/** `%`, `_` and the escape character itself match literally in the search. */
function likePattern(search: string): string {
	return `%${search.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
}

/** One page more than asked for is read, so the caller knows whether another page follows. */
export function listTemplates(d: TemplateDialect, q: TemplateQuery, limit: number): Query {
	return query(d, (bind, t) => {
		const where = ['t.deleted_at IS NULL'];
		if (q.channel) where.push(`t.channel = ${bind(q.channel)}`);
		const search = q.search?.trim();
		if (search) {
			const pattern = likePattern(search);
			where.push(
				`(lower(t.name) LIKE ${bind(pattern)} ESCAPE '\\' OR lower(t.id) LIKE ${bind(pattern)} ESCAPE '\\')`,
			);
		}
		return `SELECT ${VERSION_COLUMNS} FROM ${t}templates t
		JOIN ${t}template_versions v ON v.template_id = t.id AND v.version = t.latest_version
		WHERE ${where.join(' AND ')}
		ORDER BY lower(t.name), t.id LIMIT ${bind(limit + 1, 'int')} OFFSET ${bind(q.offset ?? 0, 'int')}`;
	});
}

export function softDelete(d: TemplateDialect, id: string, now: string): Query {
	return query(
		d,
		(
			bind,
			t,
		) => `UPDATE ${t}templates SET deleted_at = ${bind(now, 'timestamptz')}, updated_at = ${bind(now, 'timestamptz')}
		WHERE id = ${bind(id)} AND deleted_at IS NULL RETURNING id`,
	);
}

/** The versions first, then the template (two statements, run in one transaction). */
export function hardDelete(d: TemplateDialect, id: string): Query[] {
	return [
		query(d, (bind, t) => `DELETE FROM ${t}template_versions WHERE template_id = ${bind(id)}`),
		query(d, (bind, t) => `DELETE FROM ${t}templates WHERE id = ${bind(id)} RETURNING id`),
	];
}

/** Counts of recorded results per template, version, language and status. */
export function templateStats(d: TemplateDialect, templateId: string | null): Query {
	const field = (key: string) => d.jsonText('c.result', ['template', key]);
	return query(d, (bind, t) => {
		const filter = bind(templateId, 'text');
		return `SELECT ${field('id')} AS template_id, max(${field('name')}) AS template_name,
			${field('version')} AS template_version, ${field('language')} AS template_language,
			c.status AS status, CAST(count(*) AS INTEGER) AS count
		FROM ${t}communications c
		WHERE ${field('id')} IS NOT NULL AND (${filter} IS NULL OR ${field('id')} = ${bind(templateId, 'text')})
		GROUP BY 1, 3, 4, 5`;
	});
}

export const SQLITE_TEMPLATE_DIALECT: TemplateDialect = {
	prefix: '',
	param: () => '?',
	jsonText: (column, path) => `CAST(json_extract(${column}, '$.${path.join('.')}') AS TEXT)`,
	// SQLite writes already hold the file's write lock.
	nameLock: () => null,
};

export function postgresTemplateDialect(schema: string): TemplateDialect {
	return {
		prefix: `${schema}.`,
		param: (position, cast) => (cast ? `$${position}::${cast}` : `$${position}`),
		jsonText: (column, path) => `(${column} #>> '{${path.join(',')}}')`,
		nameLock: (key) => ({
			sql: 'SELECT pg_advisory_xact_lock(hashtext($1::text)) AS locked',
			params: [`communication-template:${key}`],
		}),
	};
}
