import { repositoryContracts } from './contracts/index.js';
import { createInMemoryPorts } from './in-memory-ports.js';

// The in-memory adapters are real implementations: they pass every suite PostgreSQL passes.
repositoryContracts('in memory', async () => createInMemoryPorts());
