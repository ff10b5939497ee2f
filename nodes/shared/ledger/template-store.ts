// The template store for both backends: each operation is written once as a sequence of queries
// (a generator), run synchronously inside SQLite's write lock or awaited inside a PostgreSQL
// transaction.
import { randomUUID } from 'node:crypto';

import { InputError } from '../errors';
import type { LedgerTemplates } from './parts';
import type { Queryable } from './postgres-connection';
import type { Row } from './rows';
import type { SqliteConnection } from './sqlite-connection';
import * as Sql from './template-queries';
import {
	checkTemplateName,
	checkVersionInput,
	isTemplateChannel,
	toStoredTemplate,
	toTemplateStats,
	toTemplateSummary,
	type NewTemplate,
	type StoredTemplate,
	type TemplatePage,
	type TemplateQuery,
	type TemplateStats,
	type TemplateVersionInput,
} from './templates';

/** Yields queries, receives their rows, returns the operation's result. */
type Steps<T> = Generator<Sql.Query, T, Row[]>;

const MAX_PAGE = 200;
const TEMPLATE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

function checkTemplateId(raw: string | undefined): string {
	const id = raw?.trim() || randomUUID();
	if (!TEMPLATE_ID.test(id))
		throw new InputError(
			`Template ID '${id}' is not allowed`,
			'Use up to 100 letters, digits, dots, dashes, underscores or colons.',
		);
	return id;
}

function* readVersion(
	d: Sql.TemplateDialect,
	id: string,
	version: number | null,
): Steps<StoredTemplate | null> {
	const [row] = yield Sql.selectVersion(d, id, version);
	return row ? toStoredTemplate(row) : null;
}

function* createSteps(d: Sql.TemplateDialect, input: NewTemplate): Steps<StoredTemplate> {
	if (!isTemplateChannel(input.channel))
		throw new InputError(`Unknown template channel '${String(input.channel)}'`);
	const id = checkTemplateId(input.id);
	const name = checkTemplateName(input.name);
	const content = checkVersionInput(input.channel, input);
	const [existing] = yield Sql.selectAnyTemplate(d, id);
	if (existing) {
		const deleted = existing.deleted_at !== null && existing.deleted_at !== undefined;
		throw new InputError(
			`A template with ID '${id}' exists already${deleted ? ', deleted (soft)' : ''}`,
			deleted
				? 'Delete it permanently to reuse the ID, or choose another ID.'
				: 'Update it to store a new version, or choose another ID.',
		);
	}
	yield* assertNameFree(d, input.channel, name, id);
	const now = new Date().toISOString();
	yield Sql.insertTemplate(d, { id, channel: input.channel, name, now });
	yield Sql.insertVersion(d, { id, version: 1, ...stored(content), now });
	return yield* requireVersion(d, id, 1);
}

function* assertNameFree(
	d: Sql.TemplateDialect,
	channel: NewTemplate['channel'],
	name: string,
	id: string,
): Steps<void> {
	const lock = d.nameLock(`${channel}:${name.toLowerCase()}`);
	if (lock) yield lock;
	const [holder] = yield Sql.selectNameHolder(d, channel, name, id);
	if (holder)
		throw new InputError(
			`Another ${channel} template is named '${name}' (ID ${String(holder.id)})`,
			'Choose another name, or update that template.',
		);
}

function stored(content: TemplateVersionInput) {
	return { defaultLanguage: content.defaultLanguage, variants: JSON.stringify(content.variants) };
}

function* requireVersion(
	d: Sql.TemplateDialect,
	id: string,
	version: number,
): Steps<StoredTemplate> {
	const saved = yield* readVersion(d, id, version);
	if (!saved) throw new Error(`Communication ledger: template ${id} vanished while saving`);
	return saved;
}

function* saveVersionSteps(
	d: Sql.TemplateDialect,
	id: string,
	input: TemplateVersionInput & { name?: string },
): Steps<StoredTemplate> {
	const current = yield* readVersion(d, id, null);
	if (!current) throw new InputError(`There is no template with ID '${id}' (or it was deleted)`);
	const content = checkVersionInput(current.channel, input);
	const name = input.name === undefined ? current.name : checkTemplateName(input.name);
	if (name !== current.name) yield* assertNameFree(d, current.channel, name, id);
	const now = new Date().toISOString();
	// The row update takes the template's lock first, so concurrent saves get distinct versions.
	const [bumped] = yield Sql.bumpVersion(d, id, name, now);
	if (!bumped) throw new InputError(`Template '${id}' was deleted while saving`);
	const version = Number(bumped.latest_version);
	yield Sql.insertVersion(d, { id, version, ...stored(content), now });
	return yield* requireVersion(d, id, version);
}

function* deleteSteps(d: Sql.TemplateDialect, id: string, mode: 'soft' | 'hard'): Steps<boolean> {
	if (mode === 'soft') return (yield Sql.softDelete(d, id, new Date().toISOString())).length > 0;
	const [versions, template] = Sql.hardDelete(d, id);
	yield versions;
	return (yield template).length > 0;
}

function* listSteps(d: Sql.TemplateDialect, query: TemplateQuery): Steps<TemplatePage> {
	const limit = Math.min(Math.max(Math.floor(query.limit ?? 50), 1), MAX_PAGE);
	const offset = Math.max(Math.floor(query.offset ?? 0), 0);
	const rows = yield Sql.listTemplates(d, { ...query, offset }, limit);
	return {
		templates: rows.slice(0, limit).map(toTemplateSummary),
		nextOffset: rows.length > limit ? offset + limit : null,
	};
}

function* statsSteps(d: Sql.TemplateDialect, templateId?: string): Steps<TemplateStats[]> {
	const rows = yield Sql.templateStats(d, templateId ?? null);
	return rows
		.map(toTemplateStats)
		.sort(
			(a, b) =>
				a.templateId.localeCompare(b.templateId) ||
				a.version - b.version ||
				a.language.localeCompare(b.language) ||
				a.status.localeCompare(b.status),
		);
}

/** The store's operations over any way of running its query sequences. */
abstract class TemplateStore implements LedgerTemplates {
	constructor(protected readonly dialect: Sql.TemplateDialect) {}

	/** Runs a read-only sequence. */
	protected abstract read<T>(steps: Steps<T>): Promise<T>;
	/** Runs a sequence in one write transaction. */
	protected abstract write<T>(steps: Steps<T>): Promise<T>;

	async createTemplate(input: NewTemplate): Promise<StoredTemplate> {
		return await this.write(createSteps(this.dialect, input));
	}

	async saveTemplateVersion(
		id: string,
		input: TemplateVersionInput & { name?: string },
	): Promise<StoredTemplate> {
		return await this.write(saveVersionSteps(this.dialect, id, input));
	}

	async getTemplate(id: string, version?: number): Promise<StoredTemplate | null> {
		return await this.read(readVersion(this.dialect, id, version ?? null));
	}

	async listTemplates(query: TemplateQuery): Promise<TemplatePage> {
		return await this.read(listSteps(this.dialect, query));
	}

	async deleteTemplate(id: string, mode: 'soft' | 'hard'): Promise<boolean> {
		return await this.write(deleteSteps(this.dialect, id, mode));
	}

	async statsByTemplate(templateId?: string): Promise<TemplateStats[]> {
		return await this.read(statsSteps(this.dialect, templateId));
	}
}

function runSync<T>(steps: Steps<T>, all: (query: Sql.Query) => Row[]): T {
	let next = steps.next();
	while (!next.done) next = steps.next(all(next.value));
	return next.value;
}

async function runAsync<T>(steps: Steps<T>, db: Queryable): Promise<T> {
	let next = steps.next();
	while (!next.done) next = steps.next(await db.query(next.value.sql, next.value.params));
	return next.value;
}

export class SqliteTemplateStore extends TemplateStore {
	constructor(private readonly db: SqliteConnection) {
		super(Sql.SQLITE_TEMPLATE_DIALECT);
	}

	protected async read<T>(steps: Steps<T>): Promise<T> {
		return runSync(steps, (q) => this.db.allUncached(q.sql, q.params));
	}

	protected async write<T>(steps: Steps<T>): Promise<T> {
		return this.db.write(() => runSync(steps, (q) => this.db.allUncached(q.sql, q.params)));
	}
}

export class PostgresTemplateStore extends TemplateStore {
	constructor(
		private readonly db: Queryable & {
			transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
		},
		schema: string,
	) {
		super(Sql.postgresTemplateDialect(schema));
	}

	protected async read<T>(steps: Steps<T>): Promise<T> {
		return await runAsync(steps, this.db);
	}

	protected async write<T>(steps: Steps<T>): Promise<T> {
		return await this.db.transaction(async (tx) => await runAsync(steps, tx));
	}
}
