// Whether this n8n process is shutting down (SIGTERM or SIGINT), for background (Async) deliveries
// that must not start sends the process will not live to finish.

/** Read at each background send: true once the process was asked to stop. */
export interface ShutdownSignal {
	readonly stopping: boolean;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
let stopping = false;
let listening = false;

/**
 * The process's shutdown signal. Listens only when the host (n8n) already handles the signals, so a
 * process that would end on SIGTERM by default still does: adding a listener never changes that.
 */
export function processShutdown(): ShutdownSignal {
	if (!listening && SIGNALS.every((signal) => process.listenerCount(signal) > 0)) {
		listening = true;
		for (const signal of SIGNALS) process.once(signal, () => (stopping = true));
	}
	return {
		get stopping() {
			return stopping;
		},
	};
}
