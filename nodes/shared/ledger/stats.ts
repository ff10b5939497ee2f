// The statistics queries both backends run: counts per name and status, and the events counted
// per communication (delivered, read, bounced, replied, opted_out).
import type { CommunicationStats } from './communications';
import { UNNAMED_COMMUNICATION } from './communications';
import { OPTED_OUT, REPLIED } from './delivery-status';
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
	/** Rows `(name, delivered, read, bounced, replied, opted_out)`: communications per event. */
	events: string;
}

export interface StatsTables {
	communications: string;
	deliveryEvents: string;
	messageStates: string;
}

/** Counts the communications for which `condition` holds. */
const countWhere = (condition: string, as: string) =>
	`CAST(SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END) AS INTEGER) AS ${as}`;

/**
 * Both queries take one parameter, the name to keep or null for every name; `param` is how the
 * backend writes it (reused for each mention), the tables may carry a schema prefix.
 */
export function statsQueries(tables: StatsTables, param: string): StatsQueries {
	const where = `(${param} IS NULL OR ${STATS_NAME} = ${param})`;
	const linked = (status: string) =>
		`EXISTS (SELECT 1 FROM ${tables.deliveryEvents} d WHERE d.communication_id = c.id AND d.status = '${status}')`;
	return {
		byStatus: `SELECT ${STATS_NAME} AS name, c.status AS status, CAST(count(*) AS INTEGER) AS count
			FROM ${tables.communications} c WHERE ${where} GROUP BY 1, 2`,
		events: `SELECT ${STATS_NAME} AS name,
				${countWhere("m.status IN ('delivered', 'read')", 'delivered')},
				${countWhere("m.status = 'read'", 'read')},
				${countWhere("m.status = 'bounced'", 'bounced')},
				${countWhere(linked(REPLIED), 'replied')},
				${countWhere(linked(OPTED_OUT), 'opted_out')}
			FROM ${tables.communications} c
			LEFT JOIN ${tables.messageStates} m ON m.provider_message_id = c.provider_message_id
			WHERE ${where} GROUP BY 1`,
	};
}

/**
 * Runs both statistics queries through a backend's `run` and folds the rows into per-name stats;
 * `param` is how the backend writes the one name parameter.
 */
export async function collectStats(
	tables: StatsTables,
	param: string,
	name: string | undefined,
	run: (sql: string, params: SqlValue[]) => Row[] | Promise<Row[]>,
): Promise<CommunicationStats[]> {
	const sql = statsQueries(tables, param);
	const filter = [name ?? null];
	return toStats(await run(sql.byStatus, filter), await run(sql.events, filter));
}
