// Fakes only Date for engine tests that move the clock: sockets, timers and ticks stay real.
export function fakeDateOnly(): void {
	jest.useFakeTimers({
		doNotFake: [
			'setTimeout',
			'clearTimeout',
			'setInterval',
			'clearInterval',
			'setImmediate',
			'clearImmediate',
			'nextTick',
			'queueMicrotask',
			'hrtime',
			'performance',
		],
	});
}
