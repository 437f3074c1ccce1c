import { createMemoryStore } from '../../../src/store/memory-store.js';
import { runStoreContract } from '../../contract/store-contract.js';

runStoreContract('memory', (options) => createMemoryStore(options));
