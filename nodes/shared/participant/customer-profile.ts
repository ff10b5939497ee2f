// Customer (account) profiles live in the ledger's profile table under this ID prefix.
export const CUSTOMER_PROFILE_PREFIX = 'customer:';
