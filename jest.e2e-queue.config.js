/** Queue-mode end-to-end suite (`npm run test:e2e:queue`): Redis, PostgreSQL, n8n main + webhook process + two workers, the sandbox. */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e-queue'],
	testMatch: ['**/test/e2e-queue/**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	// The stack starts once in the test file's beforeAll; each test waits on real executions.
	testTimeout: 600000,
	slowTestThreshold: 60,
};
