import { createMemoryStore } from '../../../src/store/memory-store.js';
import { runArchiveContract } from '../../contract/archive-contract.js';

runArchiveContract('memory', () => createMemoryStore());
