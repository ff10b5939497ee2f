// Ledger contract, profiles part: top-level merges and nested path writes (Update Field's dot
// paths), both atomic across instances.
import type { LedgerTestContext } from './contract-support';

export function describeProfilesContract(ctx: LedgerTestContext): void {
	describe('participant profiles', () => {
		it('starts empty and merges top-level keys on update', async () => {
			const ledger = await ctx.open();
			expect(await ledger.getProfile('p-1')).toEqual({
				participantId: 'p-1',
				attributes: {},
				updatedAt: null,
			});

			await ledger.updateProfile('p-1', {
				first_name: 'Ada',
				address: { city: 'Berlin', zip: '10115' },
			});
			const updated = await ledger.updateProfile('p-1', {
				address: { city: 'Hamburg' },
				vip: true,
				nickname: null,
			});
			expect(updated.attributes).toEqual({
				first_name: 'Ada',
				address: { city: 'Hamburg' },
				vip: true,
				nickname: null,
			});
			expect(updated.updatedAt).not.toBeNull();
			expect(await ledger.getProfile('p-1')).toEqual(updated);
			expect((await ledger.getProfile('p-2')).attributes).toEqual({});
		});

		it('keeps every key when two instances update different keys concurrently', async () => {
			const [a, b] = await Promise.all([ctx.open(), ctx.open()]);
			await a.updateProfile('p-1', { base: 'kept' });
			await Promise.all(
				Array.from({ length: 50 }, (_, i) => [
					a.updateProfile('p-1', { [`a${i}`]: i }),
					b.updateProfile('p-1', { [`b${i}`]: i }),
				]).flat(),
			);
			const { attributes } = await a.getProfile('p-1');
			expect(Object.keys(attributes)).toHaveLength(101);
			expect(attributes).toMatchObject({ base: 'kept', a0: 0, a49: 49, b0: 0, b49: 49 });
		});
	});

	describe('nested profile writes', () => {
		it('sets a nested attribute and keeps its siblings and other keys', async () => {
			const ledger = await ctx.open();
			await ledger.updateProfile('p-1', {
				first_name: 'Ada',
				address: { city: 'Berlin', zip: '10115' },
			});
			const updated = await ledger.updateProfilePaths('p-1', [
				{ path: ['address', 'city'], value: 'Hamburg' },
			]);
			expect(updated.attributes).toEqual({
				first_name: 'Ada',
				address: { city: 'Hamburg', zip: '10115' },
			});
			expect(updated.updatedAt).not.toBeNull();
			expect(await ledger.getProfile('p-1')).toEqual(updated);
		});

		it('creates missing parents, replaces a scalar parent and applies writes in order', async () => {
			const ledger = await ctx.open();
			await ledger.updateProfile('p-1', { company: 'Acme' });
			const updated = await ledger.updateProfilePaths('p-1', [
				{ path: ['deal', 'stage', 'name'], value: 'won' },
				{ path: ['company', 'size'], value: 50 },
				{ path: ['deal', 'amount'], value: 1200.5 },
				{ path: ['deal', 'amount'], value: 1300 },
				{ path: ['tags'], value: ['vip', 'b2b'] },
				{ path: ['note'], value: null },
			]);
			expect(updated.attributes).toEqual({
				company: { size: 50 },
				deal: { stage: { name: 'won' }, amount: 1300 },
				tags: ['vip', 'b2b'],
				note: null,
			});
		});

		it('writes a seed value only where nothing is stored yet', async () => {
			const ledger = await ctx.open();
			await ledger.updateProfile('p-1', { address: { city: 'Berlin' } });
			const updated = await ledger.updateProfilePaths('p-1', [
				{ path: ['address'], value: { city: 'Munich', zip: '80331' }, onlyIfMissing: true },
				{ path: ['billing'], value: { zip: '20095' }, onlyIfMissing: true },
				{ path: ['billing', 'city'], value: 'Hamburg' },
			]);
			expect(updated.attributes).toEqual({
				address: { city: 'Berlin' },
				billing: { zip: '20095', city: 'Hamburg' },
			});
		});

		it('rejects empty paths and prototype keys without changing the profile', async () => {
			const ledger = await ctx.open();
			await ledger.updateProfile('p-1', { a: 1 });
			await expect(ledger.updateProfilePaths('p-1', [{ path: [], value: 1 }])).rejects.toThrow(
				/at least one key/,
			);
			await expect(
				ledger.updateProfilePaths('p-1', [{ path: ['a', '__proto__', 'x'], value: 1 }]),
			).rejects.toThrow(/'__proto__' cannot be used/);
			await expect(
				ledger.updateProfilePaths('p-1', [{ path: ['constructor'], value: 1 }]),
			).rejects.toThrow(/cannot be used/);
			expect((await ledger.getProfile('p-1')).attributes).toEqual({ a: 1 });
			expect(({} as Record<string, unknown>).x).toBeUndefined();
		});

		it('keeps every nested key when two instances write different keys of one object concurrently', async () => {
			const [a, b] = await Promise.all([ctx.open(), ctx.open()]);
			await a.updateProfile('p-1', { address: { street: 'Main St 1' } });
			await Promise.all(
				Array.from({ length: 40 }, (_, i) => [
					a.updateProfilePaths('p-1', [{ path: ['address', `a${i}`], value: i }]),
					b.updateProfilePaths('p-1', [{ path: ['address', `b${i}`], value: i }]),
					// Whole-key writes of other attributes interleave with the nested ones.
					b.updateProfile('p-1', { [`top${i}`]: true }),
				]).flat(),
			);
			const { attributes } = await a.getProfile('p-1');
			const address = attributes.address as Record<string, unknown>;
			expect(Object.keys(address)).toHaveLength(81);
			expect(address).toMatchObject({ street: 'Main St 1', a0: 0, a39: 39, b0: 0, b39: 39 });
			expect(Object.keys(attributes)).toHaveLength(41);
		});

		it('creates the profile of an unknown participant, also when two writers race to create it', async () => {
			const [a, b] = await Promise.all([ctx.open(), ctx.open()]);
			await Promise.all([
				a.updateProfilePaths('new-1', [{ path: ['x', 'one'], value: 1 }]),
				b.updateProfilePaths('new-1', [{ path: ['x', 'two'], value: 2 }]),
			]);
			expect((await a.getProfile('new-1')).attributes).toEqual({ x: { one: 1, two: 2 } });
		});
	});
}
