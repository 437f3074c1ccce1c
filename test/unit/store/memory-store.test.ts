import { createMemoryStore } from '../../../src/store/memory-store.js';
import { runArchiveContract } from '../../contract/archive-contract.js';
import { runStoreContract } from '../../contract/store-contract.js';

// One backend in one process: a second handle is the same store.
runStoreContract('memory', (options) => createMemoryStore(options), { sibling: (store) => store });
runArchiveContract('memory', () => createMemoryStore());
