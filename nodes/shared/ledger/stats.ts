// The statistics queries both backends run: counts per name and status, and delivered counts.
import type { CommunicationStats } from './communications';
import { UNNAMED_COMMUNICATION } from './communications';
import { toStats, type Row } from './rows';
import type { SqlValue } from './values';

/**
 * The name a communication is counted under: its Communication Name, else the name of the node
 * that recorded it (a review request, for example), else UNNAMED_COMMUNICATION.
 */
const STATS_NAME = `COALESCE(NULLIF(c.name, ''), NULLIF(c.node_name, ''), '${UNNAMED_COMMUNICATION}')`;

export interface StatsQueries {
	/** Rows `(name, status, count)`. */
	byStatus: string;
	/** Rows `(name, count)` of communications with a 'delivered' delivery event. */
	delivered: string;
}

/**
 * Both queries take one parameter, the name to keep or null for every name; `param` is how the
 * backend writes it (reused for each mention), the tables may carry a schema prefix.
 */
export function statsQueries(
	tables: { communications: string; deliveryEvents: string },
	param: string,
): StatsQueries {
	const where = `(${param} IS NULL OR ${STATS_NAME} = ${param})`;
	return {
		byStatus: `SELECT ${STATS_NAME} AS name, c.status AS status, CAST(count(*) AS INTEGER) AS count
			FROM ${tables.communications} c WHERE ${where} GROUP BY 1, 2`,
		delivered: `SELECT ${STATS_NAME} AS name, CAST(count(*) AS INTEGER) AS count
			FROM ${tables.communications} c
			WHERE ${where} AND c.provider_message_id IS NOT NULL AND EXISTS (
				SELECT 1 FROM ${tables.deliveryEvents} d
				WHERE d.provider_message_id = c.provider_message_id AND lower(d.status) = 'delivered'
			) GROUP BY 1`,
	};
}

/**
 * Runs both statistics queries through a backend's `run` and folds the rows into per-name stats;
 * `param` is how the backend writes the one name parameter.
 */
export async function collectStats(
	tables: { communications: string; deliveryEvents: string },
	param: string,
	name: string | undefined,
	run: (sql: string, params: SqlValue[]) => Row[] | Promise<Row[]>,
): Promise<CommunicationStats[]> {
	const sql = statsQueries(tables, param);
	const filter = [name ?? null];
	return toStats(await run(sql.byStatus, filter), await run(sql.delivered, filter));
}
