import { repositoryContracts } from './contracts/index.js';
import { createInMemoryPorts } from './in-memory-ports.js';

repositoryContracts('in memory', async () => createInMemoryPorts());
