// Fault knobs per peer: set from code or over HTTP, consumed by the peers one failure at a time.
import {
	PEERS,
	type FailNext,
	type FaultControl,
	type FaultsByPeer,
	type HttpFaults,
	type HttpPeerName,
	type PeerName,
	type SmtpFaults,
} from './types';

function emptyFaults(): FaultsByPeer {
	return { smtp: {}, twilio: {}, slack: {}, telegram: {}, whatsapp: {} };
}

/** What a peer should do with the request in hand. */
export type HttpFaultDecision =
	| { kind: 'drop' }
	| { kind: 'fail'; status: FailNext['status']; retryAfter?: number }
	| { kind: 'pass' };

export class Faults implements FaultControl {
	private faults = emptyFaults();

	set<P extends PeerName>(peer: P, faults: FaultsByPeer[P]): void {
		this.setFromInput(peer, faults);
	}

	/** set() for untyped input (the HTTP control API): checks the peer and every knob at runtime. */
	setFromInput(peer: unknown, faults: unknown): void {
		if (typeof peer !== 'string' || !PEERS.includes(peer as PeerName))
			throw new Error(`Unknown sandbox peer '${String(peer)}'`);
		if (typeof faults !== 'object' || faults === null || Array.isArray(faults))
			throw new Error(`Faults for '${peer}' must be an object`);
		const name = peer as PeerName;
		const current: Record<string, unknown> = { ...this.faults[name] };
		for (const [key, value] of Object.entries(faults)) {
			if (value === undefined || value === null) delete current[key];
			else current[key] = Array.isArray(value) ? [...value] : value;
		}
		// Every knob was checked by validateFaults for this peer, so the shape now matches.
		Object.assign(this.faults, { [name]: validateFaults(name, current) });
	}

	get<P extends PeerName>(peer: P): FaultsByPeer[P] {
		return structuredClone(this.faults[peer]);
	}

	all(): FaultsByPeer {
		return structuredClone(this.faults);
	}

	clear(peer?: PeerName): void {
		if (peer) this.faults[peer] = {};
		else this.faults = emptyFaults();
	}

	latencyMs(peer: PeerName): number {
		return this.faults[peer].latencyMs ?? 0;
	}

	/** Consumes one drop or failure, if armed. Drops win: a dead socket hides any status. */
	nextHttpFault(peer: HttpPeerName): HttpFaultDecision {
		const faults: HttpFaults = this.faults[peer];
		if (faults.dropNext && faults.dropNext > 0) {
			faults.dropNext--;
			return { kind: 'drop' };
		}
		const fail = faults.failNext;
		if (fail && fail.count > 0) {
			fail.count--;
			return { kind: 'fail', status: fail.status, retryAfter: fail.retryAfter };
		}
		return { kind: 'pass' };
	}

	/** Consumes one SMTP connection-level fault: dropped before greeting, or a 421 greeting. */
	nextSmtpConnectFault(): 'drop' | 'greeting421' | null {
		const faults: SmtpFaults = this.faults.smtp;
		if (faults.dropNext && faults.dropNext > 0) {
			faults.dropNext--;
			return 'drop';
		}
		if (faults.greeting421 && faults.greeting421 > 0) {
			faults.greeting421--;
			return 'greeting421';
		}
		return null;
	}

	/** 451 once per listed entry, 550 for every listed permanent failure. */
	nextRecipientFault(address: string): 451 | 550 | null {
		const faults: SmtpFaults = this.faults.smtp;
		const wanted = address.toLowerCase();
		if (faults.permFail?.some((entry) => entry.toLowerCase() === wanted)) return 550;
		const index = faults.tempFail?.findIndex((entry) => entry.toLowerCase() === wanted) ?? -1;
		if (faults.tempFail && index >= 0) {
			faults.tempFail.splice(index, 1);
			return 451;
		}
		return null;
	}

	takeDropAfterData(): boolean {
		const faults: SmtpFaults = this.faults.smtp;
		if (faults.dropAfterData && faults.dropAfterData > 0) {
			faults.dropAfterData--;
			return true;
		}
		return false;
	}
}

const COUNT_KNOBS = ['latencyMs', 'dropNext', 'greeting421', 'dropAfterData'];
const LIST_KNOBS = ['tempFail', 'permFail'];

// Reject typos early: a knob that silently does nothing makes a test pass for the wrong reason.
function validateFaults(peer: PeerName, faults: Record<string, unknown>): SmtpFaults | HttpFaults {
	const allowed =
		peer === 'smtp' ? [...COUNT_KNOBS, ...LIST_KNOBS] : ['latencyMs', 'dropNext', 'failNext'];
	for (const [key, value] of Object.entries(faults)) {
		if (!allowed.includes(key)) throw new Error(`Unknown fault '${key}' for peer '${peer}'`);
		if (
			COUNT_KNOBS.includes(key) &&
			!(typeof value === 'number' && Number.isFinite(value) && value >= 0)
		) {
			throw new Error(`Fault '${key}' must be a number >= 0`);
		}
		if (
			LIST_KNOBS.includes(key) &&
			!(Array.isArray(value) && value.every((entry) => typeof entry === 'string'))
		) {
			throw new Error(`Fault '${key}' must be a list of addresses`);
		}
		if (key === 'failNext') faults.failNext = validateFailNext(value);
	}
	return faults;
}

function validateFailNext(value: unknown): FailNext {
	if (typeof value !== 'object' || value === null)
		throw new Error('failNext must be { count, status, retryAfter? }');
	const { count, status, retryAfter } = value as Record<string, unknown>;
	if (typeof count !== 'number' || count < 0)
		throw new Error('failNext.count must be a number >= 0');
	if (status !== 429 && status !== 500 && status !== 503)
		throw new Error('failNext.status must be 429, 500 or 503');
	if (retryAfter !== undefined && (typeof retryAfter !== 'number' || retryAfter < 0)) {
		throw new Error('failNext.retryAfter must be a number of seconds');
	}
	return retryAfter === undefined ? { count, status } : { count, status, retryAfter };
}
