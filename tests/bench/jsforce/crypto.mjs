// The two parts of crypto-browserify that jsforce's OAuth2 uses (createHash, randomBytes), taken from the very
// packages crypto-browserify re-exports: the smallest faithful stand-in for Node's `crypto` in a browser bundle.
import createHash from 'create-hash';
import randomBytes from 'randombytes';

export { createHash, randomBytes };
export default { createHash, randomBytes };
