import { repositoryContracts } from './contracts/index.js';
import { createInMemoryPorts } from './in-memory-ports.js';

repositoryContracts('in memory', async () => createInMemoryPorts());
import { socialRepositoryContract } from './contracts/index.js';

socialRepositoryContract('in memory', async () => createInMemoryPorts());
